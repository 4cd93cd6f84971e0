import { readFileSync } from 'node:fs';
import { ConfigError, env, parseConfig } from '@brigade/kernel';
import { z } from 'zod';

/**
 * Every setting, its default and its meaning. The README's configuration table mirrors this.
 * Read from the environment, and from the JSON file named by CONFIG_FILE (environment wins).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: env.port(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: env.url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_MAX: env.int(10, 1),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL role name')
    .default('brigade_app'),
  DATABASE_STATEMENT_TIMEOUT_MS: env.int(15_000),
  MIGRATE_ON_BOOT: env.flag(),
  SEED_DEMO_DATA: env.flag(),
  REDIS_URL: env.url(['redis', 'rediss']).optional(),
  AMQP_URL: env.url(['amqp', 'amqps']).optional(),
  AMQP_PREFETCH: env.int(32, 1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: env.list().default([]),
  TRUST_PROXY: env.bool(false),
  BODY_LIMIT_BYTES: env.int(1_048_576, 1024),
  SLOW_REQUEST_MS: env.int(1_000, 1),
  RATE_LIMIT_USER_PER_MINUTE: env.int(100, 1),
  RATE_LIMIT_IP_PER_MINUTE: env.int(1_000, 1),
  SHUTDOWN_TIMEOUT_MS: env.int(10_000, 100),
});

export type Config = z.output<typeof configSchema> & {
  /** Embedded: PGlite and in-process everything. */
  embedded: boolean;
  migrateOnBoot: boolean;
  seedDemoData: boolean;
};

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  let fromFile: Record<string, string> = {};
  const file = environment.CONFIG_FILE;
  if (file) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      fromFile = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    } catch (error) {
      throw new ConfigError([
        { variable: 'CONFIG_FILE', message: `cannot read ${file}: ${(error as Error).message}` },
      ]);
    }
  }
  const parsed = parseConfig(configSchema, { ...fromFile, ...environment });
  const embedded = parsed.DATABASE_URL === undefined;
  return {
    ...parsed,
    embedded,
    // Embedded installs migrate and seed themselves; shared databases are migrated by `brigade migrate`.
    migrateOnBoot: parsed.MIGRATE_ON_BOOT ?? embedded,
    seedDemoData: parsed.SEED_DEMO_DATA ?? embedded,
  };
}
