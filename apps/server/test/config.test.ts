import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@brigade/kernel';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

function problemsOf(environment: Record<string, string>) {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => problem.variable);
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('defaults to the embedded topology on port 3000 with ./data, migrating and seeding itself', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      embedded: true,
      migrateOnBoot: true,
      seedDemoData: true,
      RATE_LIMIT_USER_PER_MINUTE: 100,
      RATE_LIMIT_IP_PER_MINUTE: 1000,
    });
  });

  it('on PostgreSQL leaves migrations to `brigade migrate` and seeds nothing unless told', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/brigade' });
    expect(config).toMatchObject({ embedded: false, migrateOnBoot: false, seedDemoData: false });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', MIGRATE_ON_BOOT: 'true' }).migrateOnBoot).toBe(true);
  });

  it('names every invalid variable', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db/x',
        REDIS_URL: 'not a url',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'maybe',
      }).sort(),
    ).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'TRUST_PROXY']);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, embedded: true });
  });

  it('reads an optional JSON file named by CONFIG_FILE; the environment wins', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'brigade-config-')), 'brigade.json');
    writeFileSync(
      file,
      JSON.stringify({ PORT: 4100, LOG_LEVEL: 'debug', CORS_ORIGINS: 'https://a.example,https://b.example' }),
    );
    const config = loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({
      PORT: 4100,
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
    });
    expect(problemsOf({ CONFIG_FILE: join(file, 'missing.json') })).toEqual(['CONFIG_FILE']);
  });
});
