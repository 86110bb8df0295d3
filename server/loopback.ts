/** Loopback names and addresses: what may reach a server that nothing off this machine should. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host part of a URL, without IPv6 brackets. */
export function urlHostname(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Loopback only: nothing off this machine can reach the server. Both the listen address and the
 * public base URL must be loopback; a reverse proxy on the same machine (HOST=127.0.0.1 with a
 * public PUBLIC_BASE_URL) exposes it to the internet.
 */
export function isLoopbackOnly(c: { host: string; publicBaseUrl: string }): boolean {
  return isLoopbackHost(c.host) && isLoopbackHost(urlHostname(c.publicBaseUrl));
}
