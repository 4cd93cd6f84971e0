#!/usr/bin/env node
// Weight budget (issue #8): the JavaScript a guest's phone downloads for the guest surface —
// the entry script and every chunk it preloads — must stay under 150 KB gzipped. Reads the
// built app (npm run build:web); prints every surface, fails when the guest is over budget.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const budgetKb = Number(process.env.GUEST_JS_BUDGET_KB ?? 150);
const surfaces = ['guest', 'kds', 'pos', 'admin', 'platform', 'index'];

if (!existsSync(join(dist, 'guest.html'))) {
  console.error('apps/web/dist/guest.html is missing: build it first (node scripts/build.mjs --web-only).');
  process.exit(1);
}

/** Scripts a page loads: <script src> and <link rel="modulepreload" href>. */
function scriptsOf(page) {
  const html = readFileSync(join(dist, `${page}.html`), 'utf8');
  const found = new Set();
  for (const match of html.matchAll(
    /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g,
  )) {
    found.add(match[1]);
  }
  return [...found];
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
let guestGzip = 0;
console.log('surface    files   raw KB   gzip KB');
for (const page of surfaces) {
  const scripts = scriptsOf(page);
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const body = readFileSync(join(dist, src.replace(/^\//, '')));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  if (page === 'guest') guestGzip = gzip;
  console.log(
    `${page.padEnd(10)} ${String(scripts.length).padStart(5)} ${kb(raw).padStart(8)} ${kb(gzip).padStart(9)}`,
  );
}
const ok = guestGzip <= budgetKb * 1024;
console.log(
  `\nguest surface: ${kb(guestGzip)} KB of gzipped JavaScript (budget ${budgetKb} KB): ${ok ? 'ok' : 'OVER BUDGET'}`,
);
process.exit(ok ? 0 : 1);
