/**
 * The X-Forwarded-For that server.ts hands on, from which Better Auth takes the client's
 * address (its rate-limit bucket and the session's address; SPEC R-A9, decision 031).
 * Without trusted proxies it is the socket's address alone: nothing the client wrote
 * counts. Behind trusted proxies the socket's address is appended, as each proxy appends
 * its own peer: Better Auth walks the chain from the right past the proxies it trusts, so
 * a client that reaches web directly is still known by its socket.
 *
 * No `import "server-only"`: server.ts, which Next.js does not bundle, uses it.
 */
export function forwardedFor(
  received: string | string[] | undefined,
  socketAddress: string | undefined,
  trustsProxies: boolean,
): string {
  const socket = socketAddress ?? "";
  const chain = [received ?? []].flat().join(", ").trim();
  return trustsProxies && chain ? `${chain}, ${socket}` : socket;
}
