import type { Clock } from '@brigade/kernel';

/**
 * Answers remembered per key for `ttlMs`, in this process: what the authenticator asks on
 * every request (is the restaurant active, is the account, is the key valid) without a
 * database round trip each time. A failed load is not remembered. Bounded: cleared when full.
 */
export class Remembered<Value> {
  private readonly entries = new Map<string, { value: Value; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<Value>): Promise<Value> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, at: now });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  forgetWhere(matches: (value: Value) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }
}
