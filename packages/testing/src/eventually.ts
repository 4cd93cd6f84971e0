import { setTimeout as sleep } from 'node:timers/promises';

/** Probes until `done` holds and returns the last value; fails with a short description after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const shown = Array.isArray(value) ? `${value.length} items` : JSON.stringify(value)?.slice(0, 200);
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${shown}`);
    }
    await sleep(20);
  }
}
