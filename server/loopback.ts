/** Loopback names and addresses: what may reach a server that nothing off this machine should. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host part of a URL, without IPv6 brackets. */
export function urlHostname(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
}
