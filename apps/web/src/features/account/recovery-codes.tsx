"use client";

import { useEffect, useRef, useState } from "react";

/** The codes as a text file, with a line saying what they are. */
function codesFile(codes: string[], email: string): Blob {
  const lines = [
    `Recovery codes for Tasks (${email})`,
    "Each code signs you in once when you cannot use your authenticator app.",
    "",
    ...codes,
    "",
  ];
  return new Blob([lines.join("\n")], { type: "text/plain;charset=utf-8" });
}

interface Props {
  codes: string[];
  email: string;
  onDone: () => void;
}

/**
 * New recovery codes, shown this once (SPEC R-M1, R-M3): the list and "Download codes", a text
 * file made in the browser, so the codes never travel again.
 */
export function RecoveryCodes({ codes, email, onDone }: Props) {
  const [href, setHref] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const url = URL.createObjectURL(codesFile(codes, email));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [codes, email]);
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="flex flex-col gap-3">
      <h3 ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Your recovery codes
      </h3>
      <p>
        Keep these codes somewhere safe, such as a password manager. Each one signs you in once if
        you lose your authenticator app. They are shown only now.
      </p>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-1 rounded-md bg-slate-100 p-3 font-mono sm:grid-cols-2 dark:bg-slate-800"
      >
        {codes.map((code) => (
          <li key={code} className="break-all">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-3">
        <a href={href} download="tasks-recovery-codes.txt" className="button-secondary">
          Download codes
        </a>
        <button type="button" className="button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
