/** A passkey's name (SPEC R-M5): 1 to 64 characters once trimmed; the form and the server check it. */
import { textField } from "@tasks/contracts";
import { z } from "zod";

export const PASSKEY_NAME_MAX = 64;

export const passkeyName = z
  .string({ error: "Passkey name is required" })
  .trim()
  .pipe(textField({ label: "Passkey name", min: 1, max: PASSKEY_NAME_MAX }));
