/**
 * Request bodies as text (SPEC R-A11): UTF-8, strictly. A lenient decoder turns every
 * invalid byte sequence into U+FFFD, so two different bodies (`pass\xFF`, `pass\xFE`)
 * would read as one text: a password would match another's, a title be stored other than
 * sent. Both services read bodies through this.
 */
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
