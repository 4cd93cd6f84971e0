import type { EventEnvelope } from '@brigade/kernel';
import {
  type Backplane,
  type FeedEvent,
  type FeedListener,
  incomplete,
  type Replay,
  type ReplayWindow,
} from './backplane.js';
import { type Cursor, compareCursors, cursorTime, nextCursor, resumable } from './cursor.js';

const windowKey = (tenantId: string, channel: string) => `${tenantId}/${channel}`;

/**
 * The backplane of a single process (embedded): a ring of recent events per tenant channel.
 * Its cursors start over with the process, so cursors from an earlier run ask for a resync.
 */
export class MemoryBackplane implements Backplane {
  readonly #window: ReplayWindow;
  readonly #windows = new Map<string, FeedEvent[]>();
  readonly #listeners: FeedListener[] = [];
  readonly #since: Cursor;
  #last: Cursor;
  readonly #sweeper: NodeJS.Timeout;

  constructor(window: ReplayWindow) {
    this.#window = window;
    this.#since = nextCursor(null, Date.now());
    this.#last = this.#since;
    this.#sweeper = setInterval(() => this.#dropIdleWindows(), Math.min(window.retentionMs, 60_000));
    this.#sweeper.unref();
  }

  async publish(envelope: EventEnvelope, channels: string[]) {
    const cursor = this.#tick();
    for (const channel of channels) {
      const key = windowKey(envelope.tenant_id, channel);
      const events = this.#windows.get(key) ?? [];
      this.#windows.set(key, events);
      events.push({ cursor, envelope });
      if (events.length > this.#window.eventsPerChannel) events.shift();
    }
    for (const listener of this.#listeners) listener.message({ cursor, envelope, channels });
    return cursor;
  }

  async head() {
    return this.#tick();
  }

  async replay(tenantId: string, channel: string, after: Cursor): Promise<Replay> {
    if (!resumable(after, this.#since, Date.now(), this.#window.retentionMs)) return incomplete;
    const events = (this.#windows.get(windowKey(tenantId, channel)) ?? []).filter(
      (event) => compareCursors(event.cursor, after) > 0,
    );
    // A full window after the cursor may have pushed out events the client missed.
    if (events.length >= this.#window.eventsPerChannel) return incomplete;
    return { events, complete: true };
  }

  async listen(listener: FeedListener) {
    this.#listeners.push(listener);
    listener.live();
  }

  async close() {
    clearInterval(this.#sweeper);
    this.#listeners.length = 0;
  }

  #tick() {
    this.#last = nextCursor(this.#last, Date.now());
    return this.#last;
  }

  #dropIdleWindows() {
    const now = Date.now();
    for (const [key, events] of this.#windows) {
      const newest = events.at(-1);
      if (newest && cursorTime(newest.cursor) + this.#window.retentionMs <= now) this.#windows.delete(key);
    }
  }
}
