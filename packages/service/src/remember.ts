/**
 * Process-wide singletons, by name. The web app's code runs twice over in one process:
 * once as Next.js's bundle and once as the custom server (apps/web/server.ts), each with
 * its own copy of every module, and Next.js's development server reloads modules too. A
 * module-level `let` would then hold two pools or two loggers; `remember` holds one.
 */
const slots = globalThis as { [key: symbol]: unknown };

const slotOf = (name: string) => Symbol.for(`tasks.remember.${name}`);

/** The value remembered under `name`, created by `create` on first use. */
export function remember<T>(name: string, create: () => T): T {
  const slot = slotOf(name);
  if (!(slot in slots)) slots[slot] = create();
  return slots[slot] as T;
}

/**
 * Forgets `name`, so the next `remember` creates it anew, and returns what it held (to
 * close it), or undefined.
 */
export function forget<T>(name: string): T | undefined {
  const slot = slotOf(name);
  const value = slots[slot] as T | undefined;
  delete slots[slot];
  return value;
}
