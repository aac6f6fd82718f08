/**
 * Generators for credentials: Authorization header values around the Bearer scheme, and
 * tokens forged by mutating valid and bad ones. They draw on the running API's tokens and
 * signing key, so they are built inside a test, once the harness has started.
 */
import fc from "fast-check";
import { hmacWithPublicKey, rawToken } from "../testing/issuer.ts";
import { BASE64URL, base64url, headerValue } from "./arbitraries.ts";
import { type Fuzzing, signedPart } from "./setup.ts";

/** Any Authorization value: mostly a scheme, a valid or bad token and a tail, sometimes not. */
export function authorizationValue({ alice, bob, badTokens }: Fuzzing): fc.Arbitrary<string> {
  const scheme = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom("Bearer ", "bearer ", "BEARER ", "Bearer   ", " Bearer "),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...["Bearer\t", "Bearer", "Basic ", "Token ", "Bearer: ", "Bearer=", ""],
        ...["Bearer Bearer ", "Bearer\u00a0"],
      ),
    },
  );
  const credential = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(alice.token, bob.token) },
    { weight: 1, arbitrary: fc.constantFrom(...badTokens) },
  );
  const tail = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("", " ", "\t") },
    { weight: 1, arbitrary: fc.constantFrom(",", " x", ".", "=", ", Bearer x") },
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(scheme, credential, tail).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: headerValue },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `Basic ${Buffer.from("alice:password").toString("base64")}`,
        ...["Bearer", "Bearer ", 'Digest username="alice"'],
      ),
    },
  );
}

const decode = (part: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? { ...value } : {};
  } catch {
    return {};
  }
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const parts = (t: string) => {
  const [header = "", payload = "", signature = ""] = t.split(".");
  return { header, payload, signature };
};
const ALGS = ["none", "None", "NONE", "HS256", "RS256", "ES256", "EdDSA", "Ed25519", "PS256", ""];

/**
 * Tokens that are not a valid one: valid and bad tokens with one to three mutations (a
 * character, the algorithm, the claims, the parts, the HMAC-with-public-key attack, a cut,
 * a tail), bad tokens as they are, and random or raw JWS-shaped strings.
 */
export function forgedToken({ api, alice, bob, badTokens }: Fuzzing): fc.Arbitrary<string> {
  const mutation = fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(...BASE64URL, ".", "=", "+", "/", "~")).map(
      ([at, ch]) =>
        (t: string) =>
          `${t.slice(0, at % t.length)}${ch}${t.slice((at % t.length) + 1)}`,
    ),
    fc.tuple(fc.constantFrom(...ALGS), fc.boolean()).map(([alg, keepSignature]) => (t: string) => {
      const { header, payload, signature } = parts(t);
      const kept = keepSignature ? signature : "";
      return `${encode({ ...decode(header), alg })}.${payload}.${kept}`;
    }),
    fc
      .record(
        {
          sub: fc.oneof(fc.constantFrom(alice.id, bob.id, ""), fc.jsonValue()),
          exp: fc.oneof(fc.integer(), fc.constantFrom(1e20, -1, "soon", null)),
          aud: fc.oneof(fc.string(), fc.array(fc.string())),
          iss: fc.string(),
        },
        { requiredKeys: [] },
      )
      .map((claims) => (t: string) => {
        const { header, payload, signature } = parts(t);
        return `${header}.${encode({ ...decode(payload), ...claims })}.${signature}`;
      }),
    fc.constantFrom(
      (t: string) => `${parts(t).payload}.${parts(t).header}.${parts(t).signature}`,
      (t: string) => signedPart(t),
      (t: string) => `${signedPart(t)}.`,
      (t: string) => `${t}.${parts(t).signature}`,
      (t: string) => t.toUpperCase(),
      (t: string) => t.replaceAll("-", "+").replaceAll("_", "/"),
      (t: string) => `${t}=`,
      (t: string) => `${t}${t}`,
      (t: string) => hmacWithPublicKey(decode(parts(t).payload), api.issuer.currentKey()),
    ),
    fc.nat().map((at) => (t: string) => t.slice(0, at % t.length)),
    base64url(8).map((more) => (t: string) => `${t}${more}`),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(alice.token, bob.token, ...badTokens),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
        )
        .map(([start, steps]) => steps.reduce((t, step) => step(t) || "x", start)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...badTokens) },
    {
      weight: 1,
      arbitrary: fc.array(base64url(60), { minLength: 1, maxLength: 5 }).map((p) => p.join(".")),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.jsonValue(), fc.jsonValue(), base64url(90))
        .map(([header, payload, signature]) => rawToken(header, payload, signature)),
    },
    { weight: 1, arbitrary: fc.constantFrom("a".repeat(5000), `${"a".repeat(3000)}.b.c`) },
  );
}
