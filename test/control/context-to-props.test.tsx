import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { contextToProps } from "../../control/context-to-props";
import { createControlDeps } from "../../control/deps";
import { noAuthTokenProvider } from "../../control/auth/token-provider";
import { RECORD_ID } from "../support/jobs";
import {
  createMockContext,
  OPTIONAL_INPUTS,
  USER_ID,
  USER_UPN,
  type MockContextOptions,
} from "../support/mock-context";
import { renderControl } from "../support/render-control";

const props = (options: MockContextOptions = {}, edit?: (context: Record<string, unknown>) => void) => {
  const mock = createMockContext(options);
  edit?.(mock.context as unknown as Record<string, unknown>);
  const hooks = {
    deps: createControlDeps(() => noAuthTokenProvider, vi.fn<typeof fetch>()),
    onJobIdChange: vi.fn(),
    lifetime: new AbortController().signal,
  };
  return { mock, props: contextToProps(mock.context, hooks) };
};

describe("context to props", () => {
  it("a host that leaves out every optional input gets the defaults, not a blank box", async () => {
    renderControl({ omit: OPTIONAL_INPUTS });
    await screen.findByRole("button", { name: "Sync this record" });
    expect(screen.queryByTestId("bgsync-config-error")).toBeNull();
    expect(screen.getByRole("region", { name: "Recent syncs" })).toBeTruthy();
  });

  it.each([
    [undefined, "record", "Sync this record", "RecordIds"],
    ["record" as const, "record", "Sync this record", "RecordIds"],
    ["table" as const, "table", "Sync all records", "LastSyncDate"],
  ])(
    "scope %j maps to %s: the button says %j and the default template has %s",
    async (raw, scope, label, key) => {
      const { props: p } = props({ parameters: { parametersTemplate: null, scope: raw } });
      expect(p.config.ok && p.config.config.scope).toBe(scope);
      expect(p.config.ok && Object.keys(p.config.config.template)).toContain(key);
      renderControl({ parameters: { scope: raw } });
      await screen.findByRole("button", { name: label });
    },
  );

  it("a braced, uppercase record id becomes the bare lowercase GUID the API and Web API expect", () => {
    const { props: p } = props({ entityId: `{${RECORD_ID.toUpperCase()}}` });
    expect(p.record).toEqual({ entityName: "account", id: RECORD_ID });
  });

  it.each([null, "", "{00000000-0000-0000-0000-000000000000}", "00000000-0000-0000-0000-000000000000"])(
    "an empty record id (%s) is an unsaved record",
    (entityId) => {
      const { props: p } = props({ entityId });
      expect(p.record.id).toBeNull();
      expect(p.disabledReason).toBe("unsaved");
    },
  );

  it("the login hint reads the user by the bare id the platform gives in braces and uppercase", async () => {
    const { mock, props: p } = props();
    expect(await p.services.loginHint()).toBe(USER_UPN);
    expect(mock.retrieveRecord).toHaveBeenCalledWith("systemuser", USER_ID, "?$select=domainname");
  });

  it.each([
    [320, 320],
    ["320", 320],
    ["-1", null],
    [-1, null],
    ["", null],
    ["wide", null],
  ])("an allocated width of %j is %j", (allocatedWidth, width) => {
    expect(props({ allocatedWidth }).props.width).toBe(width);
  });

  it("disabled reasons: unsaved before read-only before offline, none when all is well", () => {
    expect(props({ entityId: null, isControlDisabled: true, offline: true }).props.disabledReason).toBe(
      "unsaved",
    );
    expect(props({ isControlDisabled: true, offline: true }).props.disabledReason).toBe("readOnly");
    expect(props({ offline: true }).props.disabledReason).toBe("offline");
    const noNetwork = props({}, (context) => {
      (context.client as { isNetworkAvailable: () => boolean }).isNetworkAvailable = () => false;
    });
    expect(noNetwork.props.disabledReason).toBe("offline");
    expect(props().props.disabledReason).toBeNull();
  });

  it("a bound job id that is empty is no job", () => {
    expect(props({ parameters: { jobId: "" } }).props.boundJobId).toBeNull();
    expect(props({ parameters: { jobId: "abc" } }).props.boundJobId).toBe("abc");
  });
});
