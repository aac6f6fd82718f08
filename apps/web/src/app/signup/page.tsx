import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/features/auth/auth-form";
import { safeReturnPath } from "@/features/auth/safe-path";
import { getSession } from "@/server/session";

export const metadata: Metadata = {
  title: "Sign up",
  description: "Create an account for a private task list that only you can see.",
};

interface Props {
  /** A parameter given twice arrives as an array. */
  searchParams: Promise<{ next?: string | string[] }>;
}

/** `/signup` (SPEC R-P1); a signed-in person goes on to the return path (R-P3). */
export default async function SignUpPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getSession()) redirect(returnTo);
  return <AuthForm mode="signup" next={returnTo} />;
}
