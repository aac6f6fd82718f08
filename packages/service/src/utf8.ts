/** Request bodies as text, strictly UTF-8 (R-A11): a lenient decoder makes two bodies one text. */
// A leading byte order mark is dropped, as RFC 8259 §8.1 lets a JSON parser do.
const strict = new TextDecoder("utf-8", { fatal: true });

/** `bytes` as text, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}
