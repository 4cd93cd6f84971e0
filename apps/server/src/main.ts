#!/usr/bin/env node
import { ConfigError } from '@brigade/kernel';
import { Command } from 'commander';
import { migrateCommand, seedCommand, serveCommand } from './commands.js';
import { registerEventCommands } from './events.commands.js';
import { registerKeyCommands } from './keys.commands.js';
import { version } from './version.js';

const program = new Command()
  .name('brigade')
  .description('Brigade: the multi-tenant restaurant platform')
  .version(version, '-v, --version')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP server (embedded PGlite unless DATABASE_URL is set)')
  .action(serveCommand);
program.command('migrate').description('apply pending database migrations and exit').action(migrateCommand);
program
  .command('seed')
  .description('load the demo restaurant (safe to run twice) and exit')
  .action(seedCommand);
registerEventCommands(program);
registerKeyCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`brigade: ${(error as Error).stack ?? String(error)}`);
  }
  process.exit(1);
}
