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
  PUBLIC_BASE_URL: env.url(['https', 'http']).optional(),
  AUTH_SECRET: z.string().min(32, 'at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  AUTH_ISSUER: z.string().min(1).default('brigade'),
  AUTH_AUDIENCE: z.string().min(1).default('brigade-api'),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60),
  AUTH_REFRESH_IDLE_TTL_SECONDS: env.int(7 * 24 * 3600, 300),
  AUTH_REFRESH_ABSOLUTE_TTL_SECONDS: env.int(30 * 24 * 3600, 300),
  AUTH_SIGNUP_ENABLED: env.bool(true),
  AUTH_LOGIN_MAX_FAILURES: env.int(5, 1),
  AUTH_LOCKOUT_SECONDS: env.int(900, 1),
  AUTH_SIGN_IN_PER_IP_PER_MINUTE: env.int(30, 1),
  SMS_PROVIDER: z.enum(['console', 'twilio', 'disabled']).optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID (AC…)')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  TWILIO_BASE_URL: env.url(['https', 'http']).optional(),
  OIDC_PROVIDERS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'expected a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(
      z.array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/),
          issuer: z.url(),
          client_id: z.string().min(1),
          client_secret: z.string().min(1).optional(),
          redirect_uri: z.url(),
          scopes: z.array(z.string()).optional(),
        }),
      ),
    )
    .default([]),
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
  assertProductionReady(parsed);
  const embedded = parsed.DATABASE_URL === undefined;
  return {
    ...parsed,
    embedded,
    // Embedded installs migrate and seed themselves; shared databases are migrated by `brigade migrate`.
    migrateOnBoot: parsed.MIGRATE_ON_BOOT ?? embedded,
    seedDemoData: parsed.SEED_DEMO_DATA ?? embedded,
  };
}

/** DESIGN.md §4.11: no insecure default outside development. */
function assertProductionReady(parsed: z.output<typeof configSchema>) {
  const problems: { variable: string; message: string }[] = [];
  if (parsed.NODE_ENV === 'production' && !parsed.AUTH_SECRET) {
    problems.push({
      variable: 'AUTH_SECRET',
      message: 'required in production (signing keys are encrypted with it)',
    });
  }
  if (parsed.NODE_ENV === 'production' && parsed.SMS_PROVIDER === 'console') {
    problems.push({
      variable: 'SMS_PROVIDER',
      message: "'console' logs one-time codes; not allowed in production",
    });
  }
  if (parsed.SMS_PROVIDER === 'twilio') {
    for (const variable of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const) {
      if (!parsed[variable]) problems.push({ variable, message: 'required with SMS_PROVIDER=twilio' });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
