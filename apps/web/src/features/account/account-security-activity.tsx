export interface SecurityActivityItem {
  id: string;
  what: string;
  when: string;
  device: string;
  ipAddress: string | null;
}

/** The person's recent security events, newest first (SPEC R-M9): what, when, device, address. */
export function AccountSecurityActivity({ events }: { events: SecurityActivityItem[] }) {
  if (events.length === 0) return <p>Nothing yet.</p>;
  return (
    <ul className="flex flex-col gap-2">
      {events.map((event) => (
        <li key={event.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <p className="font-medium">{event.what}</p>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {event.when} · {event.device} · From {event.ipAddress ?? "an unknown address"}
          </p>
        </li>
      ))}
    </ul>
  );
}
