import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build` writes the web app (apps/web/dist), from src/ and dist/ alike. */
export const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
};

/** The surfaces and the page each one's addresses fall back to (client-side routes). */
const surfaces = [
  { prefix: '/pos', page: 'pos.html' },
  { prefix: '/kds', page: 'kds.html' },
  { prefix: '/admin', page: 'admin.html' },
  { prefix: '/platform', page: 'platform.html' },
] as const;

/** Security headers for the pages: same-origin scripts and API, inline styles for React's style props. */
const pageHeaders = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** Reads the built app once (a few hundred kilobytes) with a gzip copy of everything textual. */
function load(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const path of files(dir)) {
    const body = readFileSync(path);
    const type = types[extname(path)] ?? 'application/octet-stream';
    const textual = /^(text|application\/json|image\/svg)/.test(type);
    const { mtimeMs, size } = statSync(path);
    assets.set(`/${relative(dir, path).split(sep).join('/')}`, {
      body,
      gzip: textual && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
      type,
      etag: `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`,
    });
  }
  return assets;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, headers: Record<string, string>) {
  reply
    .headers(headers)
    .header('Content-Type', asset.type)
    .header('ETag', asset.etag)
    .header('Vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const gzip = asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) reply.header('Content-Encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

/**
 * Serves the web app built by `vite build` from the same server: `/` (the start page), `/t/<token>`
 * (the guest surface, the address table QR codes encode), `/pos`, `/kds`, `/admin`, `/platform`
 * (each with its client-side sub-paths) and the hashed `/assets/*` cached for a year. Returns
 * false when the app is not built (the API still works).
 */
export async function registerWebApp(app: FastifyInstance, dir = defaultWebDir): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'the web app is not built (npm run build:web): serving the API only');
    return false;
  }
  const assets = load(dir);
  const config = { public: true, rateLimit: false } as const;
  const page = (name: string) => {
    const asset = assets.get(`/${name}`);
    if (!asset) throw new Error(`web app page ${name} is missing from ${dir}`);
    return (request: FastifyRequest, reply: FastifyReply) => send(request, reply, asset, pageHeaders);
  };

  app.get('/assets/*', { config, schema: { hide: true } }, (request, reply) => {
    const asset = assets.get(request.url.split('?')[0] ?? '');
    if (!asset) return reply.callNotFound();
    return send(request, reply, asset, {
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.get('/', { config, schema: { hide: true } }, page('index.html'));
  app.get('/t/:token', { config, schema: { hide: true } }, page('guest.html'));
  for (const surface of surfaces) {
    app.get(surface.prefix, { config, schema: { hide: true } }, page(surface.page));
    app.get(`${surface.prefix}/*`, { config, schema: { hide: true } }, page(surface.page));
  }
  return true;
}
