import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/features/auth/auth-form";
import { safeReturnPath } from "@/features/auth/safe-path";
import { getSession } from "@/server/session";

export const metadata: Metadata = {
  title: "Sign in",
  description: "Sign in to your private task list.",
};

interface Props {
  /** A parameter given twice arrives as an array. */
  searchParams: Promise<{ next?: string | string[]; expired?: string | string[] }>;
}

/** `/signin` (SPEC R-P1); a signed-in person goes on to the return path (R-P3). */
export default async function SignInPage({ searchParams }: Props) {
  const { next, expired } = await searchParams;
  const returnTo = safeReturnPath(next);
  if (await getSession()) redirect(returnTo);
  return <AuthForm mode="signin" next={returnTo} expired={expired === "1"} />;
}
