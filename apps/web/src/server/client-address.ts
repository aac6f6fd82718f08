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

/**
 * The throttling bucket of an address: IPv4 as it is; IPv6 by its /64 network, since one
 * host usually holds a whole /64 and could otherwise step through addresses.
 */
export function throttleKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
