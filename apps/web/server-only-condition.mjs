/**
 * Node.js module hook for the custom server (server.ts registers it): `server-only`
 * resolves as it does inside Next.js's server bundle, through its "react-server" export
 * (an empty module), so that the server modules server.ts loads itself (the auth handler,
 * decision 014) keep the marker that stops a Client Component from importing them.
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, {
    ...context,
    conditions: [...context.conditions, "react-server"],
  });
}
