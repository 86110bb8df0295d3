import type { Config } from "../config";
import { createDataverseClient, type DataverseClient } from "./client";
import { createDataverseHttp, type DataverseHttpOptions } from "./http";
import { createDataverseTokenSource, credentialFor } from "./token-source";

/** The production Dataverse client for a configuration. */
export function createDataverseFromConfig(
  config: Config,
  options: Pick<DataverseHttpOptions, "onCall"> = {},
): DataverseClient {
  const d = config.dataverse;
  const tokens = createDataverseTokenSource(credentialFor(d), d.url);
  const http = createDataverseHttp({
    baseUrl: d.url,
    tokens,
    timeoutMs: d.timeoutMs,
    maxRetries: d.maxRetries,
    budgetMs: d.retryBudgetMs,
    ...options,
  });
  return createDataverseClient(http, tokens);
}
