import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';

const dataDir = mkdtempSync(join(tmpdir(), 'brigade-shutdown-'));
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('stops accepting, lets in-flight requests finish, then closes the pools', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: process.env.DATABASE_URL,
      DATA_DIR: dataDir,
    });
    runtime = await createRuntime({ ...config, migrateOnBoot: true, seedDemoData: false });
    runtime.app.get('/slow', { config: { public: true } }, async () => {
      await sleep(700);
      return { finished: true };
    });
    await runtime.app.listen({ host: '127.0.0.1', port: 0 });
    const address = runtime.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const inFlight = fetch(`${base}/slow`);
    await sleep(100);
    const started = Date.now();
    const closing = runtime.close();
    await sleep(50);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closing;
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(runtime.db.ping()).rejects.toThrow();
    runtime = undefined;
  });
});
