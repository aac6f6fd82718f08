"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { attempt } from "@/lib/auth-client";
import { focusIfLost } from "@/lib/focus";

export interface SessionItem {
  id: string;
  device: string;
  ipAddress: string | null;
  started: string;
  lastUsed: string;
  current: boolean;
}

/** The person's live sessions (SPEC R-S3), each but this one with its sign-out. */
export function AccountSessions({ sessions }: { sessions: SessionItem[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const section = useRef<HTMLDivElement>(null);
  const everywhereElse = useRef<HTMLButtonElement>(null);

  // A signed-out session's button took focus with it: it goes on from "Sign out everywhere
  // else" while others remain, else from this section (SPEC R-P5).
  const othersLeft = sessions.filter((session) => !session.current).length;
  useEffect(() => {
    if (pending || !(error || status)) return;
    focusIfLost(othersLeft > 0 ? everywhereElse.current : section.current);
  }, [error, status, pending, othersLeft]);

  async function run(call: () => ReturnType<typeof attempt>, done: string) {
    setPending(true);
    setError(null);
    setStatus("");
    const failure = await call();
    setPending(false);
    if (failure) return setError(failure.message);
    setStatus(done);
    router.refresh();
  }

  const others = sessions.filter((session) => !session.current);
  return (
    <div ref={section} tabIndex={-1} className="flex flex-col gap-4 outline-none">
      <ul className="flex flex-col gap-3">
        {sessions.map((session) => (
          <li
            key={session.id}
            className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {session.device}{" "}
                {session.current && (
                  // The space keeps "This device" a word of its own for screen readers.
                  <span className="ml-1 rounded bg-green-100 px-2 py-0.5 text-sm text-green-900 dark:bg-green-900 dark:text-green-100">
                    This device
                  </span>
                )}
              </p>
              <p
                id={`session-${session.id}`}
                className="text-sm text-slate-700 dark:text-slate-300"
              >
                From {session.ipAddress ?? "an unknown address"} · Started {session.started} · Last
                used {session.lastUsed}
              </p>
            </div>
            {!session.current && (
              <button
                type="button"
                className="button-secondary"
                disabled={pending}
                // Two sessions on one kind of device share a name: the details tell them apart.
                aria-describedby={`session-${session.id}`}
                onClick={() =>
                  run(
                    () => attempt((client) => client.revokeSession({ token: session.id })),
                    `Signed out ${session.device}.`,
                  )
                }
              >
                Sign out<span className="sr-only"> {session.device}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <button
          ref={everywhereElse}
          type="button"
          className="button-secondary"
          disabled={pending || others.length === 0}
          onClick={() =>
            run(
              () => attempt((client) => client.revokeOtherSessions()),
              "Signed out everywhere else.",
            )
          }
        >
          Sign out everywhere else
        </button>
        <p role="status" className="text-sm">
          {status}
        </p>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
