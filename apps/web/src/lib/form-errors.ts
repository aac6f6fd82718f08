/**
 * A form's refusals by field: the first rule each field breaks, from a zod error (checked
 * in the browser before sending) or from the server's refusal (which names its field).
 */
import type { z } from "zod";
import type { AuthFailure, FormField } from "./auth-client.ts";

export type FieldErrors = Partial<Record<FormField, string>>;

/** The first message for each field of a failed client-side check. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "") as FormField;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A server refusal: on its field when it names one, else for the whole form. */
export function splitFailure(failure: AuthFailure): { fields: FieldErrors; form: string | null } {
  return failure.field
    ? { fields: { [failure.field]: failure.message }, form: null }
    : { fields: {}, form: failure.message };
}
