import { createServer, type Server } from "node:http";
import { getRequestListener, RequestError, type HttpBindings } from "@hono/node-server";
import type { Logger } from "./logger";
import { problems } from "./problem";
import { bareProblemResponse } from "./problem-json";

type Fetch = (req: Request, env: HttpBindings) => Response | Promise<Response>;

/**
 * The HTTP server in front of the app: @hono/node-server's listener (what its `serve` builds), with
 * one difference. A request Node took but no web Request could be made of (a Host such as
 * "127.0.0.1:abc") gets a problem like every other answer, not an empty 400.
 */
export function createHttpServer(fetch: Fetch, o: { hostname: string; logger: Logger }): Server {
  const listener = getRequestListener((req, env) => fetch(req, env as HttpBindings), {
    hostname: o.hostname,
    errorHandler: (error) => {
      if (error instanceof RequestError)
        return bareProblemResponse(
          problems.badRequest("The request's Host header or target is not valid.").problem,
        );
      o.logger.error({ err: error }, "request failed outside the app");
      return bareProblemResponse(problems.internal(error).problem);
    },
  });
  // The listener settles every request itself, errors included.
  return createServer((req, res) => void listener(req, res));
}
