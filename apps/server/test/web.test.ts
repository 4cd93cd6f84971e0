import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../src/web.js';

const dir = mkdtempSync(join(tmpdir(), 'brigade-web-'));
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
const app = Fastify();

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  for (const page of ['index', 'guest', 'pos', 'kds', 'admin', 'platform']) {
    writeFileSync(join(dir, `${page}.html`), `<!doctype html><title>${page}</title>`);
  }
  writeFileSync(join(dir, 'assets', 'guest-abc123.js'), script);
  expect(await registerWebApp(app, dir)).toBe(true);
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web app served by the server', () => {
  it('answers each surface, its client-side paths and the QR address with its page, never cached', async () => {
    for (const [url, page] of [
      ['/', 'index'],
      ['/t/aI3qY7h1D7OjcCDlDoSydqSHXwsK69VKltSIpOwLJcQ', 'guest'],
      ['/kds', 'kds'],
      ['/kds/expo', 'kds'],
      ['/admin/menu', 'admin'],
      ['/pos', 'pos'],
      ['/platform', 'platform'],
    ]) {
      const response = await app.inject({ url: url! });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain(`<title>${page}</title>`);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets for a year, gzipped when the browser accepts it, with ETag revalidation', async () => {
    const plain = await app.inject({ url: '/assets/guest-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(script);
    const gzip = await app.inject({
      url: '/assets/guest-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.rawPayload.length).toBeLessThan(script.length / 10);
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const again = await app.inject({
      url: '/assets/guest-abc123.js',
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for unknown assets and paths outside the surfaces', async () => {
    expect((await app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/tables' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/kdsx' })).statusCode).toBe(404);
  });

  it('serves nothing (the API only) when the web app is not built', async () => {
    const bare = Fastify();
    expect(await registerWebApp(bare, join(dir, 'missing'))).toBe(false);
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
