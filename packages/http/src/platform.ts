import { type Database, type MigrationSource, migrate, platformMigrations } from '@brigade/db';
import { type Clock, systemClock } from '@brigade/kernel';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { databaseIdempotencyStore, httpMigrations, redisIdempotencyStore } from './idempotency.js';
import type { AppModule, ModuleInstance } from './module.js';
import type { ReadinessCheck } from './ops.js';
import { createHttpServer, type HttpServerOptions } from './server.js';

export interface PlatformOptions
  extends Omit<HttpServerOptions, 'idempotencyStore' | 'checks' | 'poolStats' | 'rateLimit'> {
  db: Database;
  modules: AppModule[];
  redis?: Redis | undefined;
  /** Extra readiness checks (e.g. the broker); database and cache are added here. */
  checks?: ReadinessCheck[];
  rateLimit: { userPerWindow: number; ipPerWindow: number; windowSeconds: number };
  clock?: Clock;
}

export interface Platform {
  app: FastifyInstance;
  db: Database;
  modules: Map<string, ModuleInstance>;
  /** Runs every module's demo seed. */
  seed(): Promise<void>;
}

/** Every schema's migrations, platform first, then modules in composition order. */
export function migrationSources(modules: AppModule[]): MigrationSource[] {
  return [
    platformMigrations,
    httpMigrations,
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
  const checks: ReadinessCheck[] = [
    { name: 'database', configured: true, check: () => db.ping() },
    { name: 'cache', configured: redis !== undefined, check: async () => void (await redis?.ping()) },
    ...(options.checks ?? []),
  ];
  const app = await createHttpServer({
    ...options,
    checks,
    poolStats: () => db.stats(),
    idempotencyStore: redis ? redisIdempotencyStore(redis) : databaseIdempotencyStore(db),
    rateLimit: { ...options.rateLimit, redis },
  });
  const modules = new Map<string, ModuleInstance>();
  for (const definition of options.modules) {
    const instance = definition.create({ db, clock, log: app.log.child({ module: definition.name }) });
    modules.set(definition.name, instance);
    if (instance.routes) await app.register(instance.routes, { prefix: '/api/v1' });
  }
  return {
    app,
    db,
    modules,
    async seed() {
      for (const instance of modules.values()) await instance.seed?.();
    },
  };
}
