#!/usr/bin/env node
// Builds the server's JavaScript on first use, then runs the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  execFileSync(process.execPath, [new URL('../../../scripts/build.mjs', import.meta.url).pathname], {
    stdio: 'inherit',
  });
}
await import(main.href);
