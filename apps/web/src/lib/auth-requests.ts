/** The browser's calls to the auth service (same origin, session cookie). */
export interface AuthFailure {
  message: string;
  /** The form field the message belongs to, when it is about one. */
  field?: "name" | "email" | "password";
}

const fieldOfCode: Record<string, AuthFailure["field"]> = {
  USER_ALREADY_EXISTS: "email",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "email",
  INVALID_EMAIL: "email",
  PASSWORD_TOO_SHORT: "password",
  PASSWORD_TOO_LONG: "password",
};

async function post(path: string, body: unknown): Promise<AuthFailure | null> {
  let response: Response;
  try {
    response = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { message: "Could not reach the server. Check your connection and try again." };
  }
  if (response.ok) return null;
  const error = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    field?: string;
  };
  const field = (error.field as AuthFailure["field"]) ?? fieldOfCode[error.code ?? ""];
  return { message: error.message ?? "Something went wrong. Please try again.", field };
}

export const signUp = (input: { name: string; email: string; password: string }) =>
  post("/sign-up/email", input);
export const signIn = (input: { email: string; password: string }) => post("/sign-in/email", input);
export const signOut = () => post("/sign-out", {});

/** The sign-in page, telling the person why they are there, and where to come back to. */
export function expiredSessionUrl(): string {
  const next = `${window.location.pathname}${window.location.search}`;
  return `/signin?expired=1&next=${encodeURIComponent(next)}`;
}
