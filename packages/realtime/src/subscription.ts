import { type Cursor, compareCursors } from './cursor.js';

interface Frame {
  cursor: Cursor;
  frame: string;
}

/**
 * One connection's place in one channel. Until it knows where the client stands (`start`), it
 * holds live events back; from then on it sends each event after its cursor exactly once, so
 * a replay and the live feed can overlap without duplicates or gaps.
 */
export class Subscription {
  #cursor: Cursor | null = null;
  #held: Frame[] = [];
  readonly #send: (frame: string) => void;

  constructor(send: (frame: string) => void) {
    this.#send = send;
  }

  receive(cursor: Cursor, frame: string) {
    if (this.#cursor === null) {
      this.#held.push({ cursor, frame });
    } else if (compareCursors(cursor, this.#cursor) > 0) {
      this.#cursor = cursor;
      this.#send(frame);
    }
  }

  /** Places the client at `cursor`, sends the replayed events, then those held back meanwhile. */
  start(cursor: Cursor, replayed: Frame[] = []) {
    this.#cursor = cursor;
    const held = this.#held;
    this.#held = [];
    for (const { cursor, frame } of [...replayed, ...held]) this.receive(cursor, frame);
  }
}
