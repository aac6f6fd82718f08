import type { Metadata } from "next";
import { ResetPasswordForm } from "@/features/auth/reset-password-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Reset password",
  description: "Choose a new password.",
};

interface Props {
  searchParams: Promise<{ token?: string | string[] }>;
}

/** The mailed link's page (SPEC R-S4): "New password", "Reset password". */
export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <main className="form-page">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">Choose a new password</h1>
      <ResetPasswordForm token={typeof token === "string" ? token : ""} />
    </main>
  );
}
