/**
 * The client's address as the custom server vouches for it. Behind `hops` trusted proxies,
 * each of which appends the address it received from to X-Forwarded-For, the client is
 * the entry `hops` places from the right of [...X-Forwarded-For, socket address]. Entries
 * further left were written by the client and prove nothing, so they are never used.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string,
  hops: number,
): string {
  if (hops === 0) return socketAddress;
  const chain = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    socketAddress,
  ];
  return chain[Math.max(0, chain.length - 1 - hops)] ?? socketAddress;
}

/** The request header that carries the vouched-for address to the app. */
export const CLIENT_ADDRESS_HEADER = "x-forwarded-for";
