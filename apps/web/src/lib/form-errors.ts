/** A form's refusals by field, from its own check (zod) or from the server's answer. */
import type { z } from "zod";
import type { AuthFailure, FormField } from "./auth-client.ts";

export type FieldErrors<F extends string = FormField> = Partial<Record<F, string>>;

/** The first message for each field of a failed check, by the field's name. */
export function fieldErrorsOf<F extends string = FormField>(error: z.ZodError): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "") as F;
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
