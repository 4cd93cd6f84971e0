import { createHash } from 'node:crypto';
import type { EventEnvelope, Logger } from '@brigade/kernel';
import type { Redis } from 'ioredis';
import {
  type Backplane,
  type FeedListener,
  type FeedMessage,
  incomplete,
  type Replay,
  type ReplayWindow,
} from './backplane.js';
import { type Cursor, resumable } from './cursor.js';

/**
 * Advances the tenant's clock, appends the event to the stream of each of its channels and
 * publishes it to every process, in one atomic step: cursors and messages keep one order.
 * KEYS[1]: the tenant's clock (hash: last, since); KEYS[2..]: one stream per channel.
 * ARGV: events per channel, retention ms, pub/sub channel, channels (JSON), envelope (JSON).
 * With no stream keys it only ticks the clock (a fresh cursor for a new subscriber).
 */
const appendScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ms, seq = now, 0
local last = redis.call('HGET', KEYS[1], 'last')
if last then
  local dash = string.find(last, '-', 1, true)
  local lastMs = tonumber(string.sub(last, 1, dash - 1))
  if lastMs >= now then ms, seq = lastMs, tonumber(string.sub(last, dash + 1)) + 1 end
end
local cursor = string.format('%d-%d', ms, seq)
if not last then redis.call('HSET', KEYS[1], 'since', cursor) end
redis.call('HSET', KEYS[1], 'last', cursor)
local expireAt = ms + tonumber(ARGV[2])
redis.call('PEXPIREAT', KEYS[1], expireAt)
for i = 2, #KEYS do
  redis.call('XADD', KEYS[i], 'MAXLEN', '~', ARGV[1], cursor, 'event', ARGV[5])
  redis.call('PEXPIREAT', KEYS[i], expireAt)
end
if #KEYS > 1 then redis.call('PUBLISH', ARGV[3], cursor .. '\\n' .. ARGV[4] .. '\\n' .. ARGV[5]) end
return cursor
`;
const appendSha = createHash('sha1').update(appendScript).digest('hex');

export interface RedisBackplaneOptions {
  window: ReplayWindow;
  /** Prefix of every key and of the pub/sub channel, e.g. `realtime:`. */
  prefix: string;
  log: Logger;
}

/**
 * The backplane of several processes: per tenant a clock and one Redis stream per channel
 * (trimmed to the window, expiring after the retention time), and one pub/sub channel that
 * every process listens to. Keys of a tenant share a hash tag, so it also runs on a cluster.
 */
export class RedisBackplane implements Backplane {
  readonly #redis: Redis;
  readonly #options: RedisBackplaneOptions;
  /** Pub/sub names are not keys: ioredis's keyPrefix does not reach them, so it is added here. */
  readonly #feed: string;
  #subscriber: Redis | undefined;

  constructor(redis: Redis, options: RedisBackplaneOptions) {
    this.#redis = redis;
    this.#options = options;
    this.#feed = `${redis.options.keyPrefix ?? ''}${options.prefix}feed`;
  }

  publish(envelope: EventEnvelope, channels: string[]) {
    const streams = channels.map((channel) => this.#streamKey(envelope.tenant_id, channel));
    return this.#append(envelope.tenant_id, streams, [JSON.stringify(channels), JSON.stringify(envelope)]);
  }

  head(tenantId: string) {
    return this.#append(tenantId, [], ['[]', '']);
  }

  async replay(tenantId: string, channel: string, after: Cursor): Promise<Replay> {
    const { eventsPerChannel, retentionMs } = this.#options.window;
    const [since, [seconds, microseconds], entries] = await Promise.all([
      this.#redis.hget(this.#clockKey(tenantId), 'since'),
      this.#redis.time(),
      this.#redis.xrange(this.#streamKey(tenantId, channel), `(${after}`, '+', 'COUNT', eventsPerChannel),
    ]);
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000);
    if (since === null || !resumable(after, since, nowMs, retentionMs)) return incomplete;
    // Trimming keeps at least the window: as many events after the cursor may hide a gap.
    if (entries.length >= eventsPerChannel) return incomplete;
    return {
      // Each entry's fields are: event, <envelope JSON>.
      events: entries.map(([cursor, fields]) => ({ cursor, envelope: JSON.parse(fields[1]!) })),
      complete: true,
    };
  }

  async listen(listener: FeedListener) {
    const { log } = this.#options;
    const subscriber = this.#redis.duplicate({
      lazyConnect: true,
      autoResubscribe: false,
      connectionName: `feed:${this.#feed}`, // as CLIENT LIST shows it
    });
    this.#subscriber = subscriber;
    let live = false;
    subscriber.on('error', (error) => log.warn({ err: error }, 'realtime feed connection error'));
    subscriber.on('close', () => {
      if (!live) return;
      live = false;
      listener.interrupted();
    });
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        listener.message(decodeMessage(message));
      } catch (error) {
        log.error({ err: error }, 'unreadable realtime feed message dropped');
      }
    });
    // Subscribes anew after every (re)connection; the feed is live only once that succeeded.
    const subscribed = new Promise<void>((resolve) => {
      subscriber.on('ready', () => {
        subscriber.subscribe(this.#feed).then(
          () => {
            live = true;
            listener.live();
            resolve();
          },
          (error) => {
            log.warn({ err: error }, 'realtime feed subscription failed');
            resolve();
          },
        );
      });
    });
    try {
      await subscriber.connect();
    } catch (error) {
      log.warn({ err: error }, 'realtime feed unavailable; reconnecting in the background');
      return;
    }
    await subscribed;
  }

  async close() {
    this.#subscriber?.disconnect();
  }

  #clockKey(tenantId: string) {
    return `${this.#options.prefix}{${tenantId}}:clock`;
  }

  #streamKey(tenantId: string, channel: string) {
    return `${this.#options.prefix}{${tenantId}}:channel:${channel}`;
  }

  async #append(tenantId: string, streams: string[], payload: [channels: string, envelope: string]) {
    const { eventsPerChannel, retentionMs } = this.#options.window;
    const keys = [this.#clockKey(tenantId), ...streams];
    const args = [eventsPerChannel, retentionMs, this.#feed, ...payload];
    try {
      return (await this.#redis.evalsha(appendSha, keys.length, ...keys, ...args)) as Cursor;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await this.#redis.eval(appendScript, keys.length, ...keys, ...args)) as Cursor;
    }
  }
}

/** `<cursor>\n<channels JSON>\n<envelope JSON>`, as the append script publishes it. */
function decodeMessage(message: string): FeedMessage {
  const firstBreak = message.indexOf('\n');
  const secondBreak = message.indexOf('\n', firstBreak + 1);
  return {
    cursor: message.slice(0, firstBreak),
    channels: JSON.parse(message.slice(firstBreak + 1, secondBreak)),
    envelope: JSON.parse(message.slice(secondBreak + 1)),
  };
}
