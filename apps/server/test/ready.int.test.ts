import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';

describe('/ready with real dependencies down', () => {
  it('answers 503 naming the cache and the broker that do not answer, while the database is up', async () => {
    // Nothing listens on port 1: a real Redis client and a real AMQP connection that fail.
    const config = loadConfig({
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:1',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
    });
    const runtime = await createRuntime({ ...config, seedDemoData: false });
    try {
      const ready = await runtime.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'unavailable',
        checks: { database: { status: 'up' }, cache: { status: 'down' }, broker: { status: 'down' } },
      });
      const health = await runtime.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
    } finally {
      await runtime.close();
    }
  });
});
