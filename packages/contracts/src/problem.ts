import { z } from "zod";

/** One invalid input: `field` is a dotted path into the body or the query parameter's name. */
export const fieldErrorSchema = z
  .object({ field: z.string(), message: z.string() })
  .meta({ id: "FieldError", description: "One invalid input and what is wrong with it." });

/** The body of every error answer: application/problem+json (RFC 9457). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({
    id: "Problem",
    description: "An error answer (RFC 9457); `errors` names each invalid input.",
  });

export type FieldError = z.infer<typeof fieldErrorSchema>;
export type Problem = z.infer<typeof problemSchema>;

/** Turns a validation failure into field errors, one per unknown key as well. */
export function toFieldErrors(error: z.ZodError, root = "body"): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        message: "Unknown field",
      }));
    }
    return [{ field: path || root, message: issue.message }];
  });
}
