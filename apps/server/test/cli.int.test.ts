import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@brigade/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'apps/server/bin/brigade.js');
const dataDir = mkdtempSync(join(tmpdir(), 'brigade-cli-'));
const embedded = {
  ...process.env,
  DATABASE_URL: '',
  REDIS_URL: '',
  AMQP_URL: '',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
};

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = embedded) {
  try {
    const stdout = execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Starts `brigade serve` on a free port and resolves once it printed its banner. */
async function serve(
  env: NodeJS.ProcessEnv = embedded,
): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, PORT: '0' }, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      const match = /API docs\s+(http:\/\/[^/\s]+)\/api\/docs/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, base, output: () => output };
}

async function stop(child: ChildProcess) {
  const started = Date.now();
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return { code, ms: Date.now() - started };
}

async function restaurantsIn(directory: string) {
  const db = await openDatabase({ dataDir: join(directory, 'pglite') });
  try {
    return await db.admin.query<{ slug: string }>('select slug from tenants.restaurants order by slug');
  } finally {
    await db.close();
  }
}

describe('brigade CLI', () => {
  it('prints its version and help', () => {
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(['--help']).stdout;
    for (const command of ['serve', 'migrate', 'seed', 'events', 'keys']) expect(help).toContain(command);
  });

  it('refuses an invalid setting, naming the variable', () => {
    const result = run(['serve'], { ...embedded, PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('LOG_LEVEL');
  });

  it('serves on the embedded database, keeps data across restarts, and stops cleanly on SIGTERM', async () => {
    const first = await serve();
    expect(first.output()).toContain('Spice Route');
    const ready = await fetch(`${first.base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: { status: 'up' } } });
    // A second process on the same embedded database is refused rather than corrupting it.
    const intruder = run(['events', 'dlq', 'list']);
    expect(intruder.code).toBe(1);
    expect(intruder.stderr).toContain('in use by another Brigade process');
    const stopped = await stop(first.child);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    await db.admin.query(
      `insert into tenants.restaurants (id, name, slug, timezone, currency, tax)
       values (gen_random_uuid(), 'Kept', 'kept-across-restarts', 'UTC', 'EUR', '{}'::jsonb)`,
    );
    await db.close();

    const second = await serve();
    expect((await fetch(`${second.base}/health`)).status).toBe(200);
    expect((await stop(second.child)).code).toBe(0);
    expect((await restaurantsIn(dataDir)).map((row) => row.slug)).toEqual([
      'kept-across-restarts',
      'spice-route',
    ]);
  }, 90_000);

  it('prints the demo logins; a token survives a restart and a key rotation by `brigade keys rotate`', async () => {
    const first = await serve();
    expect(first.output()).toContain('manager1@spiceroute.example');
    const signIn = async (base: string) => {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager1@spiceroute.example', password: 'Password@123' }),
      });
      expect(response.status).toBe(200);
      return (await response.json()).access_token as string;
    };
    const kidOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;
    const before = await signIn(first.base);
    expect((await stop(first.child)).code).toBe(0);

    const rotated = run(['keys', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const { kid } = JSON.parse(rotated.stdout);
    expect(kid).not.toBe(kidOf(before));

    const second = await serve();
    const me = await fetch(`${second.base}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${before}` },
    });
    expect(me.status).toBe(200);
    expect(kidOf(await signIn(second.base))).toBe(kid);
    const jwks = await (await fetch(`${second.base}/.well-known/jwks.json`)).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid).sort()).toEqual([kid, kidOf(before)].sort());
    expect((await stop(second.child)).code).toBe(0);
  }, 90_000);

  it('lists and replays dead letters from the command line', () => {
    const listed = run(['events', 'dlq', 'list']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(run(['events', 'dlq', 'replay', '--all']).stdout).toContain('replayed 0');
    const unnamed = run(['events', 'dlq', 'purge']);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('--all');
  }, 60_000);

  it('seed is safe to run twice', () => {
    expect(run(['seed']).code).toBe(0);
    expect(run(['seed']).code).toBe(0);
  }, 60_000);
});

describe.runIf(process.env.DATABASE_URL)('brigade on PostgreSQL', () => {
  it('refuses to serve an unmigrated database, then `migrate` applies everything once', async () => {
    const { createTestDatabaseUrl } = await import('@brigade/testing');
    const target = await createTestDatabaseUrl();
    const env = { ...process.env, DATABASE_URL: target.url, LOG_LEVEL: 'warn' };
    try {
      const refused = run(['serve'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('brigade migrate');
      const migrated = run(['migrate'], env);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain('applied tenants/');
      expect(run(['migrate'], env).stdout).toContain('up to date');
      const server = await serve(env);
      // The broker connects in the background: /ready says 503 until it does.
      let ready = await (await fetch(`${server.base}/ready`)).json();
      // Up to 45 s: another suite may be restarting the broker right now (reconnects back off).
      for (let attempt = 0; attempt < 225 && ready.status !== 'ready'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ready = await (await fetch(`${server.base}/ready`)).json();
      }
      expect(ready.checks.cache.status).toBe(process.env.REDIS_URL ? 'up' : 'not_configured');
      expect(ready.checks.broker.status).toBe(process.env.AMQP_URL ? 'up' : 'not_configured');
      expect((await stop(server.child)).code).toBe(0);
    } finally {
      await target.drop();
    }
  }, 90_000);
});
