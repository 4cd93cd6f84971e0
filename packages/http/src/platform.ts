import { type Database, type MigrationSource, migrate, platformMigrations } from '@brigade/db';
import { type Clock, systemClock } from '@brigade/kernel';
import {
  EventBus,
  InProcessTransport,
  messagingMigrations,
  type RetryPolicy,
  type Transport,
  type TransportDeps,
} from '@brigade/messaging';
import { type Authenticate, createRealtime, type RealtimeOptions } from '@brigade/realtime';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type Authenticator, anonymousOnly, firstOf } from './access.js';
import { memoryCache, redisCache } from './cache.js';
import { eventsRoutes } from './events.routes.js';
import { databaseIdempotencyStore, httpMigrations, redisIdempotencyStore } from './idempotency.js';
import { createRegistry } from './metrics.js';
import type { AppModule, ModuleInstance, ServiceResolver } from './module.js';
import type { ReadinessCheck } from './ops.js';
import { createHttpServer, type HttpServerOptions } from './server.js';

export interface PlatformOptions
  extends Omit<
    HttpServerOptions,
    'idempotencyStore' | 'checks' | 'poolStats' | 'rateLimit' | 'registry' | 'authenticate'
  > {
  /**
   * Resolves callers before the modules' own authenticator (the identity module's) is asked;
   * tests put their principal header here. Without either, every caller is anonymous.
   */
  authenticate?: Authenticator;
  db: Database;
  modules: AppModule[];
  redis?: Redis | undefined;
  /** Carries events between modules; in process (on the database) when absent. */
  createTransport?: (deps: TransportDeps) => Transport;
  /** Retries of the in-process transport (seed 001 §7.2 defaults). */
  retry?: RetryPolicy;
  /** Run the outbox relay and consumers (false for one-shot CLI commands). */
  startEvents?: boolean;
  /** Extra readiness checks (e.g. the broker); database and cache are added here. */
  checks?: ReadinessCheck[];
  rateLimit: { userPerWindow: number; ipPerWindow: number; windowSeconds: number };
  clock?: Clock;
  /** The realtime WebSocket's heartbeat, replay window and limits. */
  realtime?: RealtimeOptions;
}

export interface Platform {
  app: FastifyInstance;
  db: Database;
  events: EventBus;
  modules: Map<string, ModuleInstance>;
  /** Runs every module's demo seed. */
  seed(): Promise<void>;
  /** Stops taking requests, lets in-flight ones finish, then stops the event backbone. */
  close(): Promise<void>;
}

/** Every schema's migrations, platform first, then modules in composition order. */
export function migrationSources(modules: AppModule[]): MigrationSource[] {
  return [
    platformMigrations,
    httpMigrations,
    messagingMigrations,
    ...modules.flatMap((module) =>
      module.migrations ? [{ schema: module.name, dir: module.migrations }] : [],
    ),
  ];
}

export function migratePlatform(db: Database, modules: AppModule[]) {
  return migrate(db, migrationSources(modules));
}

/** Builds the HTTP server with the given modules' routes under /api/v1. Does not listen. */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const { db, redis } = options;
  const clock = options.clock ?? systemClock;
  const registry = createRegistry();
  const checks: ReadinessCheck[] = [
    { name: 'database', configured: true, check: () => db.ping() },
    { name: 'cache', configured: redis !== undefined, check: async () => void (await redis?.ping()) },
    ...(options.checks ?? []),
  ];
  // Bound once the modules exist: the identity module brings the authenticator.
  let authenticate: Authenticator = anonymousOnly;
  const lateAuthenticate: Authenticator = (request) => authenticate(request);
  const app = await createHttpServer({
    ...options,
    authenticate: lateAuthenticate,
    registry,
    checks,
    poolStats: () => db.stats(),
    idempotencyStore: redis ? redisIdempotencyStore(redis) : databaseIdempotencyStore(db),
    rateLimit: { ...options.rateLimit, redis },
  });
  const log = app.log.child({ component: 'events' });
  const events = new EventBus({
    db,
    clock,
    log,
    registry,
    createTransport:
      options.createTransport ??
      ((deps) => new InProcessTransport({ ...deps, ...(options.retry && { retry: options.retry }) })),
  });
  // Modules' realtime-only credentials (guests' tokens) are asked first, on the upgrade alone.
  let authenticateRealtime: Authenticate = lateAuthenticate;
  const realtime = createRealtime(
    { registry, log: app.log, authenticate: (request) => authenticateRealtime(request), redis },
    options.realtime,
  );
  const modules = new Map<string, ModuleInstance>();
  const cache = redis ? redisCache(redis) : memoryCache();
  const services: ServiceResolver = <Service>(name: string) => {
    const instance = modules.get(name);
    if (!instance) throw new Error(`Module '${name}' is not part of this process`);
    return instance.service as Service;
  };
  for (const definition of options.modules) {
    const instance = definition.create({
      db,
      clock,
      log: app.log.child({ module: definition.name }),
      publish: events.publisherFor(definition.name),
      services,
      cache,
    });
    modules.set(definition.name, instance);
    if (instance.routes) await app.register(instance.routes, { prefix: '/api/v1' });
    if (instance.rootRoutes) await app.register(instance.rootRoutes);
  }
  const moduleAuthenticators = [...modules.values()].flatMap((instance) =>
    instance.authenticate ? [instance.authenticate] : [],
  );
  const authenticators = [...(options.authenticate ? [options.authenticate] : []), ...moduleAuthenticators];
  if (authenticators.length > 0) authenticate = firstOf(...authenticators);
  const realtimeAuthenticators = [...modules.values()].flatMap((instance) =>
    instance.authenticateRealtime ? [instance.authenticateRealtime] : [],
  );
  if (realtimeAuthenticators.length > 0) {
    authenticateRealtime = async (request) => {
      for (const recognise of realtimeAuthenticators) {
        const caller = await recognise(request);
        if (caller) return caller;
      }
      return lateAuthenticate(request);
    };
  }
  events.register(
    options.modules.map((definition) => ({
      name: definition.name,
      events: definition.events ?? [],
      subscribers: modules.get(definition.name)?.subscribers ?? [],
    })),
  );
  events.tap(realtime.tap(options.modules.flatMap((definition) => definition.events ?? [])));
  await app.register(eventsRoutes(events), { prefix: '/api/v1' });
  await app.register(realtime.routes, { prefix: '/api/v1' });
  if (options.startEvents !== false) await events.start();
  return {
    app,
    db,
    events,
    modules,
    async seed() {
      for (const instance of modules.values()) await instance.seed?.();
    },
    async close() {
      await app.close();
      await events.close();
      for (const instance of modules.values()) await instance.close?.();
    },
  };
}
