import { resolve } from 'node:path';
import { type Database, openDatabase } from '@brigade/db';
import {
  type AppModule,
  type Authenticator,
  createPlatform,
  migratePlatform,
  migrationSources,
  type Platform,
  type ReadinessCheck,
} from '@brigade/http';
import { AmqpConnection, RabbitMqTransport } from '@brigade/messaging';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { modulesFor } from './modules.js';
import { version } from './version.js';
import { registerWebApp } from './web.js';

export interface Runtime extends Platform {
  config: Config;
  close(): Promise<void>;
}

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR.startsWith('memory://') ? config.DATA_DIR : resolve(config.DATA_DIR, 'pglite'),
    poolMax: config.DATABASE_POOL_MAX,
    appRole: config.DATABASE_APP_ROLE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  });
}

/** Fails fast when a shared database was not migrated to this build's schema. */
async function assertMigrated(db: Database, modules: AppModule[]) {
  const pending: string[] = [];
  for (const source of migrationSources(modules)) {
    const table = await db.admin.query<{ present: boolean }>(
      `select to_regclass($1) is not null as present`,
      [`${source.schema}._migrations`],
    );
    if (!table[0]?.present) pending.push(source.schema);
  }
  if (pending.length > 0) {
    throw new Error(`The database is not migrated (schemas: ${pending.join(', ')}). Run: brigade migrate`);
  }
}

/**
 * Composes a process: database, cache, broker, modules and the HTTP server. Used by
 * `brigade serve`, the benchmarks and the process-level tests.
 */
export async function createRuntime(
  config: Config,
  options: {
    authenticate?: Authenticator;
    logStream?: NodeJS.WritableStream;
    modules?: AppModule[];
    /** False for one-shot commands: no relay, no consumers. */
    startEvents?: boolean;
    /** False to leave out the web app's pages (one-shot commands). */
    serveWeb?: boolean;
  } = {},
): Promise<Runtime> {
  const modules = options.modules ?? modulesFor(config);
  const db = await openConfiguredDatabase(config);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  redis?.on('error', () => undefined);
  const broker = config.AMQP_URL ? new AmqpConnection({ url: config.AMQP_URL, name: 'brigade' }) : undefined;
  const checks: ReadinessCheck[] = [
    { name: 'broker', configured: broker !== undefined, check: () => broker!.check() },
  ];
  const closeDependencies = async () => {
    await broker?.close();
    redis?.disconnect();
    await db.close();
  };
  try {
    if (config.migrateOnBoot) await migratePlatform(db, modules);
    else await assertMigrated(db, modules);
    const platform = await createPlatform({
      // Events go through RabbitMQ when it is configured, through the database otherwise.
      ...(broker && {
        createTransport: (deps) =>
          new RabbitMqTransport({ ...deps, connection: broker, prefetch: config.AMQP_PREFETCH }),
      }),
      db,
      redis,
      modules,
      checks,
      version,
      logLevel: config.LOG_LEVEL,
      logStream: options.logStream,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      corsOrigins: config.CORS_ORIGINS,
      trustProxy: config.TRUST_PROXY,
      slowRequestMs: config.SLOW_REQUEST_MS,
      authenticate: options.authenticate,
      startEvents: options.startEvents ?? true,
      rateLimit: {
        userPerWindow: config.RATE_LIMIT_USER_PER_MINUTE,
        ipPerWindow: config.RATE_LIMIT_IP_PER_MINUTE,
        windowSeconds: 60,
      },
    });
    // The web app (apps/web, built by `npm start`) from the same server.
    if (options.serveWeb !== false) await registerWebApp(platform.app);
    if (config.seedDemoData) await platform.seed();
    return {
      ...platform,
      config,
      async close() {
        await platform.close();
        await closeDependencies();
      },
    };
  } catch (error) {
    await closeDependencies();
    throw error;
  }
}
