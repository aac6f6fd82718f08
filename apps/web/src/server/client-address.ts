/**
 * The X-Forwarded-For that server.ts hands on, from which Better Auth takes the client's
 * address (its rate-limit bucket and the session's address; SPEC R-A9, decision 031).
 * - No proxy trusted: the socket's address alone; nothing the client wrote counts.
 * - `TRUSTED_PROXIES`: the socket's address appended, as each proxy appends its peer;
 *   Better Auth walks the chain from the right past the proxies it trusts.
 * - `TRUSTED_PROXY_HOPS=N`: the entry N places from the right of [...chain, socket], alone;
 *   entries further left were written by the client and never count.
 *
 * No `import "server-only"`: server.ts, which Next.js does not bundle, uses it.
 */
export function forwardedFor(
  received: string | string[] | undefined,
  socketAddress: string | undefined,
  trust: { proxies: boolean; hops: number },
): string {
  const socket = socketAddress ?? "";
  const chain = [received ?? []]
    .flat()
    .flatMap((value) => value.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trust.hops > 0) return [...chain, socket].at(-1 - trust.hops) ?? chain[0] ?? socket;
  return trust.proxies && chain.length > 0 ? `${chain.join(", ")}, ${socket}` : socket;
}
