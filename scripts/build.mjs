#!/usr/bin/env node
// Compiles every workspace's src/**/*.ts to dist/**/*.js, file by file (no bundling), so that
// `npm start` runs plain JavaScript, then builds the web app (apps/web, Vite) that the server
// serves. Type checking is `npm run typecheck`'s job. `--web-only` / `--no-web` build one half.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const groups = ['apps', 'packages', 'modules'];

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

const webApp = join(root, 'apps', 'web');
const buildServer = !process.argv.includes('--web-only');
const buildWeb = !process.argv.includes('--no-web');

const started = Date.now();
let files = 0;
for (const group of buildServer ? groups : []) {
  for (const name of readdirSync(join(root, group))) {
    const pkg = join(root, group, name);
    const src = join(pkg, 'src');
    // The web app is bundled for browsers by Vite below, not compiled for Node.
    if (pkg === webApp) continue;
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    const entryPoints = sources(src);
    rmSync(join(pkg, 'dist'), { recursive: true, force: true });
    await build({
      entryPoints,
      outdir: join(pkg, 'dist'),
      outbase: src,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    files += entryPoints.length;
  }
}
if (buildServer) {
  console.log(`built ${files} files in ${Date.now() - started} ms (${relative(process.cwd(), root) || '.'})`);
}
if (buildWeb) {
  const webStarted = Date.now();
  const { build: vite } = await import('vite');
  await vite({ configFile: join(webApp, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`built the web app in ${Date.now() - webStarted} ms (apps/web/dist)`);
}
