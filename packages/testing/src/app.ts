import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Database } from '@brigade/db';
import {
  type AppModule,
  type Authenticator,
  createPlatform,
  migrationSources,
  type Platform,
  type PlatformOptions,
  type ReadinessCheck,
} from '@brigade/http';
import type { Clock } from '@brigade/kernel';
import type { RetryPolicy, Transport, TransportDeps } from '@brigade/messaging';
import { Redis } from 'ioredis';
import { openTestDatabase } from './database.js';
import { testAuthenticator } from './principal.js';

export interface TestAppOptions {
  modules: AppModule[];
  authenticate?: Authenticator;
  rateLimit?: { userPerWindow?: number; ipPerWindow?: number; windowSeconds?: number };
  bodyLimitBytes?: number;
  corsOrigins?: string[];
  /** Trust X-Forwarded-For / X-Forwarded-Proto (a proxy in front). Default false. */
  trustProxy?: boolean;
  slowRequestMs?: number;
  checks?: ReadinessCheck[];
  poolMax?: number;
  clock?: Clock;
  /** Use Redis for idempotency and rate limits; defaults to whether REDIS_URL is set. */
  redis?: boolean;
  /** Retry delays of the in-process transport; short by default so tests reach the DLQ fast. */
  retry?: RetryPolicy;
  createTransport?: (deps: TransportDeps) => Transport;
  /** Run the outbox relay and consumers (default true). */
  startEvents?: boolean;
  realtime?: PlatformOptions['realtime'];
  /** Another process of the same installation: `peerOf`'s database and Redis, left open by close(). */
  peerOf?: TestApp;
}

export interface TestApp extends Platform {
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  redis: Redis | undefined;
  close(): Promise<void>;
}

/**
 * A whole platform over a fresh database (PGlite, or PostgreSQL under test:services), with
 * Redis when REDIS_URL is set, under a key prefix of its own so parallel files never collide.
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const { db, redis, release } = await openResources(options);
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const platform = await createPlatform({
    db,
    redis,
    modules: options.modules,
    checks: options.checks,
    clock: options.clock,
    version: '0.0.0-test',
    logLevel: 'info',
    logStream,
    bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
    corsOrigins: options.corsOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    slowRequestMs: options.slowRequestMs ?? 10_000,
    authenticate: options.authenticate ?? testAuthenticator,
    retry: options.retry ?? { delaysMs: [20, 40, 80] },
    createTransport: options.createTransport,
    startEvents: options.startEvents,
    realtime: options.realtime,
    rateLimit: {
      userPerWindow: options.rateLimit?.userPerWindow ?? 1_000_000,
      ipPerWindow: options.rateLimit?.ipPerWindow ?? 1_000_000,
      windowSeconds: options.rateLimit?.windowSeconds ?? 60,
    },
  }).catch(async (error) => {
    await release();
    throw error;
  });
  try {
    await platform.app.ready();
  } catch (error) {
    await release();
    throw error;
  }
  return {
    ...platform,
    logs,
    redis,
    async close() {
      await platform.close();
      await release();
    },
  };
}

async function openResources(
  options: TestAppOptions,
): Promise<{ db: Database; redis: Redis | undefined; release(): Promise<void> }> {
  const { peerOf } = options;
  if (peerOf) return { db: peerOf.db, redis: peerOf.redis, release: async () => undefined };
  const database = await openTestDatabase(migrationSources(options.modules), {
    poolMax: options.poolMax ?? 4,
  });
  const useRedis = options.redis ?? Boolean(process.env.REDIS_URL);
  const redis = useRedis
    ? new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
        keyPrefix: `test:${randomBytes(6).toString('hex')}:`,
        maxRetriesPerRequest: 1,
      })
    : undefined;
  return {
    db: database.db,
    redis,
    async release() {
      redis?.disconnect();
      await database.close();
    },
  };
}
