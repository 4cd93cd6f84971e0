import type { Logger } from '@brigade/kernel';
import type { RawData, WebSocket } from 'ws';
import type { Backplane, Replay } from './backplane.js';
import { type Caller, type ChannelAuthorizer, channelKind } from './channels.js';
import type { Cursor } from './cursor.js';
import type { Fanout } from './fanout.js';
import type { RealtimeMetrics } from './metrics.js';
import {
  type ErrorCode,
  eventFrame,
  parseClientMessage,
  type ServerMessage,
  type ServerOp,
} from './protocol.js';
import { Subscription } from './subscription.js';

export interface ConnectionDeps {
  fanout: Fanout;
  backplane: Backplane;
  authorize: ChannelAuthorizer;
  maxChannels: number;
  metrics: RealtimeMetrics;
  log: Logger;
}

/** A client this far behind is let go; it resumes from its last cursor when it keeps up again. */
const maxBufferedBytes = 4 * 1024 * 1024;

/** A client that sends faster than its messages are handled is let go before its backlog grows. */
const maxPendingMessages = 64;

/** One client socket: its channel subscriptions and the protocol around them. */
export class Connection {
  readonly #socket: WebSocket;
  readonly #caller: Caller;
  readonly #deps: ConnectionDeps;
  readonly #subscriptions = new Map<string, Subscription>();
  /** The client's messages, handled one after the other in the order they came. */
  #work: Promise<void> = Promise.resolve();
  #pending = 0;
  #answeredPing = true;

  constructor(socket: WebSocket, caller: Caller, deps: ConnectionDeps) {
    this.#socket = socket;
    this.#caller = caller;
    this.#deps = deps;
    socket.on('message', (data, isBinary) => {
      if (++this.#pending > maxPendingMessages) {
        socket.close(1008, 'Too many messages at once: wait for the answers.');
        return;
      }
      this.#work = this.#work
        .then(() => this.#handle(data, isBinary))
        .finally(() => {
          this.#pending--;
        });
    });
    socket.on('pong', () => {
      this.#answeredPing = true;
    });
    socket.on('close', () => {
      for (const channel of this.#subscriptions.keys()) this.#unfollow(channel);
    });
  }

  /** Runs every heartbeat: ends a connection that did not answer the previous ping. */
  heartbeat() {
    if (!this.#answeredPing) {
      this.#socket.terminate();
      return;
    }
    this.#answeredPing = false;
    this.#socket.ping();
  }

  close(code: number, reason: string) {
    this.#socket.close(code, reason);
  }

  async #handle(data: RawData, isBinary: boolean) {
    const message = isBinary
      ? { invalid: 'Messages are JSON text frames.' }
      : parseClientMessage(String(data));
    if ('invalid' in message) return this.#error('invalid_message', message.invalid);
    try {
      switch (message.op) {
        case 'subscribe':
          return await this.#subscribe(message.channels, message.resume_from);
        case 'unsubscribe':
          return this.#unsubscribe(message.channels);
        case 'ping':
          return this.#send({ op: 'pong' });
      }
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'realtime request failed');
      this.#error('unavailable', 'The realtime feed is unavailable; try again shortly.');
    }
  }

  async #subscribe(channels: string[], resumeFrom: Cursor | undefined) {
    const { tenantId } = this.#caller;
    if (tenantId === null) {
      return this.#error(
        'tenant_required',
        'Channels belong to a tenant; this credential has none.',
        channels,
      );
    }
    const requested = [...new Set(channels)];
    const unknown = requested.filter((channel) => channelKind(channel) === null);
    if (unknown.length > 0) {
      return this.#error(
        'unknown_channel',
        'Channels are staff, menu, kitchen:<station>, order:<id> and table:<id>.',
        unknown,
      );
    }
    const forbidden: string[] = [];
    const scoped = this.#caller.channels;
    for (const channel of requested) {
      const allowed = scoped
        ? scoped.includes(channel)
        : await this.#deps.authorize(this.#caller, channel, channelKind(channel)!);
      if (!allowed) forbidden.push(channel);
    }
    if (forbidden.length > 0) {
      return this.#error('forbidden_channel', 'You may not follow these channels.', forbidden);
    }
    const added = requested.filter((channel) => !this.#subscriptions.has(channel));
    if (this.#subscriptions.size + added.length > this.#deps.maxChannels) {
      const limit = this.#deps.maxChannels;
      return this.#error('too_many_channels', `A connection follows at most ${limit} channels.`, added);
    }

    // The client may have left while its permissions were checked.
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    // Follow first, so that nothing published while we read the windows slips through.
    const subscriptions = added.map((channel) => this.#follow(tenantId, channel));
    const { backplane } = this.#deps;
    let head: Cursor;
    let replays: Replay[];
    try {
      [head, replays] = await Promise.all([
        backplane.head(tenantId),
        Promise.all(
          resumeFrom === undefined
            ? []
            : added.map((channel) => backplane.replay(tenantId, channel, resumeFrom)),
        ),
      ]);
    } catch (error) {
      for (const channel of added) this.#unfollow(channel);
      throw error;
    }

    this.#send({ op: 'subscribed', channels: requested, cursor: resumeFrom ?? head });
    subscriptions.forEach((subscription, index) => {
      this.#place(subscription, added[index]!, head, resumeFrom, replays[index]);
    });
  }

  /** Starts a new subscription where the client stands: resumed, fresh, or after a resync. */
  #place(subscription: Subscription, channel: string, head: Cursor, resumeFrom?: Cursor, replay?: Replay) {
    if (resumeFrom === undefined || replay === undefined) {
      subscription.start(head);
    } else if (!replay.complete) {
      this.#send({ op: 'resync_required', channel, cursor: head });
      subscription.start(head);
    } else {
      const frames = replay.events.map((event) => ({
        cursor: event.cursor,
        frame: eventFrame(channel, event),
      }));
      subscription.start(resumeFrom, frames);
    }
  }

  #unsubscribe(channels: string[]) {
    for (const channel of channels) this.#unfollow(channel);
    this.#send({ op: 'unsubscribed', channels });
  }

  #follow(tenantId: string, channel: string) {
    const subscription = new Subscription((frame) => this.#sendFrame(frame, 'event'));
    this.#subscriptions.set(channel, subscription);
    this.#deps.fanout.add(tenantId, channel, subscription);
    return subscription;
  }

  #unfollow(channel: string) {
    const subscription = this.#subscriptions.get(channel);
    if (!subscription || this.#caller.tenantId === null) return;
    this.#subscriptions.delete(channel);
    this.#deps.fanout.remove(this.#caller.tenantId, channel, subscription);
  }

  #error(code: ErrorCode, message: string, channels?: string[]) {
    this.#send({ op: 'error', code, message, ...(channels && { channels }) });
  }

  #send(message: ServerMessage) {
    this.#sendFrame(JSON.stringify(message), message.op);
  }

  #sendFrame(frame: string, op: ServerOp) {
    const socket = this.#socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      socket.close(1013, 'Too far behind: resume from your last cursor.');
      return;
    }
    socket.send(frame);
    this.#deps.metrics.sent.inc({ op });
  }
}
