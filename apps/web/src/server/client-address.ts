/**
 * The X-Forwarded-For server.ts hands to Better Auth (SPEC R-A9, decision 031): the socket's
 * address alone, appended past TRUSTED_PROXIES, or TRUSTED_PROXY_HOPS from the right.
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
