/** Process-wide singletons by name: Next.js's bundle and the custom server share one pool and logger. */
const slots = globalThis as { [key: symbol]: unknown };

const slotOf = (name: string) => Symbol.for(`tasks.remember.${name}`);

/** The value remembered under `name`, created by `create` on first use. */
export function remember<T>(name: string, create: () => T): T {
  const slot = slotOf(name);
  if (!(slot in slots)) slots[slot] = create();
  return slots[slot] as T;
}

/** Forgets `name` and returns what it held (to close it). */
export function forget<T>(name: string): T | undefined {
  const slot = slotOf(name);
  const value = slots[slot] as T | undefined;
  delete slots[slot];
  return value;
}
