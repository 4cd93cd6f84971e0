import type { EventDefinition, Logger } from '@brigade/kernel';
import type { EventTap } from '@brigade/messaging';
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Backplane, ReplayWindow } from './backplane.js';
import { authorizeByPermission, type ChannelAuthorizer } from './channels.js';
import { feedTap } from './feed-tap.js';
import { Hub } from './hub.js';
import { MemoryBackplane } from './memory-backplane.js';
import { createRealtimeMetrics } from './metrics.js';
import { type Authenticate, realtimeRoutes } from './realtime.routes.js';
import { RedisBackplane } from './redis-backplane.js';

export interface RealtimeOptions {
  /** Ping interval; a connection that missed the previous pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** Events kept per tenant channel for clients that resume. Default 500. */
  eventsPerChannel?: number;
  /** How long a channel keeps its events after the last one; older cursors resync. Default 1 h. */
  retentionSeconds?: number;
  /** Default 100. */
  maxChannelsPerConnection?: number;
  /** Larger client messages close the connection (1009). Default 16 KiB. */
  maxMessageBytes?: number;
  /** Prefix of the Redis keys and pub/sub channel. Default `realtime:`. */
  keyPrefix?: string;
  /** Who may follow which channel; by the channel's named permission by default. */
  authorize?: ChannelAuthorizer;
}

export interface RealtimeDeps {
  registry: Registry;
  log: Logger;
  authenticate: Authenticate;
  /** Shares the feed between processes; without it, the feed stays in this process. */
  redis?: Redis | undefined;
}

export interface Realtime {
  /** What the event bus's relay hands every batch to (register before it starts). */
  tap(events: EventDefinition[]): EventTap;
  /** `GET /realtime`, to register with `{ prefix: '/api/v1' }`. */
  routes: FastifyPluginAsync<{ prefix?: string }>;
}

export function createRealtime(deps: RealtimeDeps, options: RealtimeOptions = {}): Realtime {
  const log = deps.log.child({ component: 'realtime' });
  const window: ReplayWindow = {
    eventsPerChannel: options.eventsPerChannel ?? 500,
    retentionMs: (options.retentionSeconds ?? 3600) * 1000,
  };
  const backplane: Backplane = deps.redis
    ? new RedisBackplane(deps.redis, { window, prefix: options.keyPrefix ?? 'realtime:', log })
    : new MemoryBackplane(window);
  const hub = new Hub({
    backplane,
    authorize: options.authorize ?? authorizeByPermission,
    maxChannels: options.maxChannelsPerConnection ?? 100,
    metrics: createRealtimeMetrics(deps.registry),
    log,
    heartbeatMs: options.heartbeatMs ?? 30_000,
  });
  return {
    tap: (events) => feedTap(events, backplane, log),
    routes: realtimeRoutes({
      hub,
      authenticate: deps.authenticate,
      maxMessageBytes: options.maxMessageBytes ?? 16 * 1024,
    }),
  };
}
