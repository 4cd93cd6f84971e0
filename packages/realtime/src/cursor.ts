/**
 * A position in one tenant's realtime feed: `<milliseconds>-<sequence>`. Cursors grow across all
 * of a tenant's channels, so a client keeps one cursor however many channels it follows, and
 * their time part bounds how long a cursor can be resumed from.
 */
export type Cursor = string;

export const cursorPattern = /^\d{1,15}-\d{1,15}$/;

function parse(cursor: Cursor): [ms: number, sequence: number] {
  const dash = cursor.indexOf('-');
  return [Number(cursor.slice(0, dash)), Number(cursor.slice(dash + 1))];
}

export function compareCursors(a: Cursor, b: Cursor): number {
  const [aMs, aSequence] = parse(a);
  const [bMs, bSequence] = parse(b);
  return aMs - bMs || aSequence - bSequence;
}

/** The cursor after `last` at time `nowMs`; it never goes back, even if the clock does. */
export function nextCursor(last: Cursor | null, nowMs: number): Cursor {
  if (last === null) return `${nowMs}-0`;
  const [lastMs, lastSequence] = parse(last);
  return nowMs > lastMs ? `${nowMs}-0` : `${lastMs}-${lastSequence + 1}`;
}

/** When the cursor was taken, in epoch milliseconds. */
export const cursorTime = (cursor: Cursor) => parse(cursor)[0];

/**
 * Whether every event after `after` can still be in the windows: the cursor belongs to the
 * feed's current era (`since`: the feed was not lost in between) and is younger than the
 * retention time, after which idle windows are dropped.
 */
export function resumable(after: Cursor, since: Cursor, nowMs: number, retentionMs: number): boolean {
  return compareCursors(after, since) >= 0 && cursorTime(after) + retentionMs > nowMs;
}
