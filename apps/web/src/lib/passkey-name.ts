/** A passkey's name (SPEC R-M5): 1 to 64 characters once trimmed; the form and the server check it. */
import { textField } from "@tasks/contracts";
import { z } from "zod";
import { PASSKEY_NAME_MAX } from "./credential-limits.ts";

export const passkeyName = z
  .string({ error: "Passkey name is required" })
  .trim()
  .pipe(textField({ label: "Passkey name", min: 1, max: PASSKEY_NAME_MAX, shown: true }));
