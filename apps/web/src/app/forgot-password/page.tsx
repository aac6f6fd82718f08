import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/features/auth/forgot-password-form";
import { mailDelivery } from "@/server/mail";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Forgot password",
  description: "Get a link to choose a new password.",
};

/** "Forgot password?" (SPEC R-S4); without a way to send mail, says so (R-S5). */
export default function ForgotPasswordPage() {
  const available = mailDelivery() !== "unavailable";
  return (
    <main className="form-page">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">Forgot your password?</h1>
      {available ? (
        <>
          <p className="mb-4 text-slate-700 dark:text-slate-300">
            Enter your email, and we will send you a link to choose a new password.
          </p>
          <ForgotPasswordForm />
        </>
      ) : (
        <p
          role="status"
          className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Password reset by email is not available here. Ask the site's operator for help.
        </p>
      )}
      <p className="mt-6">
        <Link className="font-medium text-blue-700 underline dark:text-blue-300" href="/signin">
          Back to sign in
        </Link>
      </p>
    </main>
  );
}
