import type { EventEnvelope } from '@brigade/kernel';
import type { Cursor } from './cursor.js';

export interface FeedEvent {
  cursor: Cursor;
  envelope: EventEnvelope;
}

/** One event as every process receives it: once, with all the tenant channels it goes to. */
export interface FeedMessage extends FeedEvent {
  channels: string[];
}

export interface Replay {
  events: FeedEvent[];
  /** False when some event after the cursor may be missing: the client must reload its state. */
  complete: boolean;
}

export interface FeedListener {
  message(message: FeedMessage): void;
  /** The feed reaches this process: from now on every event is received. */
  live(): void;
  /** The feed stopped reaching this process: events are lost until it is `live` again. */
  interrupted(): void;
}

export interface ReplayWindow {
  /** Events kept per tenant channel; a client that missed this many or more must resync. */
  eventsPerChannel: number;
  /** How long a channel's events are kept after its last one; older cursors cannot resume. */
  retentionMs: number;
}

/**
 * Carries committed events to the realtime hub of every process, and keeps a bounded window
 * of each tenant channel so that a client that reconnects gets what it missed.
 */
export interface Backplane {
  /** Appends the event to each channel's window and sends it to every process; returns its cursor. */
  publish(envelope: EventEnvelope, channels: string[]): Promise<Cursor>;
  /** A fresh cursor of the tenant's feed: a client placed there receives every later event. */
  head(tenantId: string): Promise<Cursor>;
  /**
   * The channel's events after `after`, in order, when the window surely holds all of them:
   * fewer than `eventsPerChannel`, from the current era, within the retention time.
   */
  replay(tenantId: string, channel: string, after: Cursor): Promise<Replay>;
  /** Starts receiving the feed; resolves once it is live, or once a first attempt failed. */
  listen(listener: FeedListener): Promise<void>;
  close(): Promise<void>;
}

export const incomplete: Replay = Object.freeze({ events: [], complete: false });
