/**
 * @hono/node-server keeps each request's lightweight Request until its connection closes (a "close"
 * listener of the response refers to it), and with it the Headers it built when a middleware first
 * read one: a few hundred bytes per open SSE stream that nothing reads once the stream is answered
 * (the SSE heap goal in BENCHMARKS.md counts on it). Its getter builds them again if asked. Says
 * whether there was anything to forget: with another version of the package there may not be, and
 * test/server/forget-headers.test.ts then fails so that the upgrade is noticed.
 */
export function forgetHeaders(request: Request): boolean {
  const key = Object.getOwnPropertySymbols(request).find((s) => s.description === "headersKey");
  if (key === undefined) return false;
  (request as unknown as Record<symbol, unknown>)[key] = undefined;
  return true;
}
