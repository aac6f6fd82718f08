"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { EmailField, FormAlert, FormField, NameField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";
import { PasskeySignIn } from "./passkey-sign-in";
import { safeReturnPath } from "./safe-path";
import { needsSecondStep, SecondStepForm } from "./second-step-form";

type Mode = "signin" | "signup";

interface AuthFormProps {
  mode: Mode;
  /** Where to go after success: already checked to be a path on this site. */
  next: string;
  expired?: boolean;
}

const copy = {
  signin: {
    title: "Sign in",
    button: "Sign in",
    pending: "Signing in…",
    other: "/signup",
    otherText: "Create an account",
  },
  signup: {
    title: "Create your account",
    button: "Sign up",
    pending: "Creating your account…",
    other: "/signin",
    otherText: "Sign in instead",
  },
} as const;

/** The sign-in or sign-up form (SPEC R-P1): checked here first, then sent by Better Auth. */
export function AuthForm({ mode, next, expired }: AuthFormProps) {
  const text = copy[mode];
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const [secondStep, setSecondStep] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const email = data.email ?? "";
    const password = data.password ?? "";
    let askedForCode = false;
    const signedIn = await submit({
      schema: () =>
        import("@/lib/credentials").then((rules) =>
          mode === "signup" ? rules.signUpSchema : rules.signInSchema,
        ),
      input: data,
      call: (_values, client) =>
        mode === "signup"
          ? client.signUp.email({ name: data.name ?? "", email, password })
          : client.signIn.email({ email, password }).then((answer) => {
              askedForCode = needsSecondStep(answer.data);
              return answer;
            }),
      leaving: true,
    });
    if (askedForCode) return setSecondStep(true);
    // Checked again here: the one rule for return paths, whoever passes `next` (SPEC R-P3).
    if (signedIn) window.location.assign(safeReturnPath(next));
  }

  if (secondStep) return <SecondStepForm next={next} />;
  return (
    <main className="form-page">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">{text.title}</h1>
      {expired && (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Your session has expired. Please sign in again.
        </p>
      )}
      <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-4">
        {mode === "signup" && <NameField hint="Optional." error={errors.name} />}
        <EmailField
          error={errors.email}
          autoComplete={mode === "signin" ? "username webauthn" : "email"}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === "signup" ? "new-password" : "current-password"}
          required
          hint={mode === "signup" ? "8 to 128 characters." : undefined}
          error={errors.password}
        />
        {mode === "signin" && (
          <Link
            className="self-start text-sm font-medium text-blue-700 underline dark:text-blue-300"
            href="/forgot-password"
          >
            Forgot password?
          </Link>
        )}
        <FormAlert message={formError} />
        <button type="submit" className="button-primary" disabled={pending}>
          {text.button}
        </button>
        <p role="status" className="sr-only">
          {pending ? text.pending : ""}
        </p>
      </form>
      {mode === "signin" && <PasskeySignIn next={next} />}
      <p className="mt-6 text-slate-700 dark:text-slate-300">
        <Link
          className="font-medium text-blue-700 underline dark:text-blue-300"
          href={`${text.other}${next !== "/dashboard" ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          {text.otherText}
        </Link>
      </p>
    </main>
  );
}
