import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AccountDelete } from "@/features/account/account-delete";
import { AccountNameForm } from "@/features/account/account-name-form";
import { AccountPasskeys } from "@/features/account/account-passkeys";
import { AccountPasswordForm } from "@/features/account/account-password-form";
import { AccountSecurityActivity } from "@/features/account/account-security-activity";
import { AccountSessions } from "@/features/account/account-sessions";
import { AccountTrustedDevices } from "@/features/account/account-trusted-devices";
import { AccountTwoFactor } from "@/features/account/account-two-factor";
import { listSessionsOf } from "@/server/account-data";
import { listPasskeysOf } from "@/server/passkeys";
import { listSecurityActivityOf } from "@/server/security-events";
import { requireSession } from "@/server/session";
import { listTrustedDevicesOf } from "@/server/trusted-devices";

export const metadata: Metadata = {
  title: "Account",
  description: "Your name, password, signed-in devices and data.",
};

const when = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const formatWhen = (at: string | Date) => `${when.format(new Date(at))} UTC`;

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replaceAll(" ", "-")}`;
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

interface Props {
  searchParams: Promise<{ setup?: string | string[] }>;
}

/** The account page (SPEC R-S1–R-S3, R-S8, R-S9, R-M1, R-M2, R-M5, R-M9). */
export default async function AccountPage({ searchParams }: Props) {
  const { user, session } = await requireSession("/account");
  const { setup } = await searchParams;
  const [sessions, passkeys, activity, trusted] = await Promise.all([
    listSessionsOf(user.id, session.id),
    listPasskeysOf(user.id),
    listSecurityActivityOf(user.id, 20),
    user.twoFactorEnabled ? listTrustedDevicesOf(user.id) : [],
  ]);
  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8">
      <h1 className="text-3xl font-bold tracking-tight">Account</h1>
      <Section title="Profile">
        <p>
          Email: <strong className="break-all">{user.email}</strong>
        </p>
        <AccountNameForm name={user.name} />
      </Section>
      <Section title="Your password">
        <AccountPasswordForm />
      </Section>
      <Section title="Two-step verification">
        <AccountTwoFactor
          enabled={user.twoFactorEnabled === true}
          askedToSetUp={setup === "two-factor"}
        />
        {user.twoFactorEnabled && (
          <AccountTrustedDevices
            devices={trusted.map((d) => ({
              id: d.id,
              device: d.device,
              trusted: formatWhen(d.createdAt),
              lastUsed: formatWhen(d.lastUsedAt),
            }))}
          />
        )}
      </Section>
      <Section title="Passkeys">
        <AccountPasskeys
          passkeys={passkeys.map((p) => ({
            id: p.id,
            name: p.name ?? "Passkey",
            added: p.createdAt ? formatWhen(p.createdAt) : "Unknown",
            lastUsed: p.lastUsedAt ? formatWhen(p.lastUsedAt) : "Never",
          }))}
        />
      </Section>
      <Section title="Signed-in devices">
        <AccountSessions
          sessions={sessions.map((s) => ({
            id: s.id,
            device: s.device,
            ipAddress: s.ipAddress,
            started: formatWhen(s.createdAt),
            lastUsed: formatWhen(s.lastUsedAt),
            current: s.current,
          }))}
        />
      </Section>
      <Section title="Recent security activity">
        <AccountSecurityActivity
          events={activity.map((e) => ({ ...e, when: formatWhen(e.createdAt) }))}
        />
      </Section>
      <Section title="Your data">
        <p>
          Everything we keep about you: your profile, your sessions, your passkeys, your trusted
          devices, whether two-step verification is on, your security activity and all your tasks,
          as JSON.
        </p>
        <a href="/api/account/data" download className="button-secondary self-start">
          Download my data
        </a>
      </Section>
      <Section title="Delete account">
        <AccountDelete />
      </Section>
    </main>
  );
}
