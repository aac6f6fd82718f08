"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { attempt } from "@/lib/auth-client";
import { focusIfLost } from "@/lib/focus";
import { FormAlert } from "@/lib/form-field";
import { useRecentProof } from "./recent-proof";
import { RemovableItem } from "./removable-item";

export interface TrustedDeviceItem {
  id: string;
  device: string;
  trusted: string;
  lastUsed: string;
}

/**
 * Devices that skip the second step for 30 days (SPEC R-M2), each with "Remove <device>";
 * removing one needs a recent password (R-M7).
 */
export function AccountTrustedDevices({ devices }: { devices: TrustedDeviceItem[] }) {
  const router = useRouter();
  const { run, prompt } = useRecentProof();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // The removed device's button took focus with it: it goes on from this section (R-P5).
  useEffect(() => {
    if (!pending && (error || status)) focusIfLost(heading.current);
  }, [error, status, pending]);

  async function remove(device: TrustedDeviceItem) {
    setPending(true);
    setError(null);
    setStatus("");
    const failure = await attempt(() =>
      run((client) =>
        client.$fetch("/trusted-devices/remove", { method: "POST", body: { id: device.id } }),
      ),
    );
    setPending(false);
    if (failure) return setError(failure.message);
    setStatus(`${device.device} is no longer trusted.`);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      <h3 ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Trusted devices
      </h3>
      {devices.length === 0 ? (
        <p>No device skips the second step.</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {devices.map((device) => (
            <RemovableItem
              key={device.id}
              name={device.device}
              detail={`Trusted ${device.trusted} · Last used ${device.lastUsed}`}
              disabled={pending}
              onRemove={() => void remove(device)}
            />
          ))}
        </ul>
      )}
      {prompt}
      <FormAlert message={error} />
      <p role="status" className="text-sm">
        {status}
      </p>
    </div>
  );
}
