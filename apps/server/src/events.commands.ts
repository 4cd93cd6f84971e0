import { catalogMarkdown } from '@brigade/messaging';
import type { Command } from 'commander';
import { type Config, loadConfig } from './config.js';
import { createRuntime, type Runtime } from './runtime.js';

/** A runtime for a one-shot command: no relay, no consumers, no listening, quiet. */
export async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(
    { ...config, seedDemoData: false, LOG_LEVEL: 'warn' },
    { startEvents: false, serveWeb: false },
  );
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** The catalogue needs no data: it is read from an in-memory database with this build's modules. */
export function catalogConfig(config: Config): Config {
  return { ...config, DATABASE_URL: undefined, DATA_DIR: 'memory://', embedded: true, migrateOnBoot: true };
}

export function registerEventCommands(program: Command) {
  const events = program.command('events').description('the event backbone: catalogue and dead letters');

  events
    .command('catalog')
    .description('print every event type with producer, consumers and payload schema')
    .option('--markdown', 'as Markdown (docs/events.md)')
    .action(async (options: { markdown?: boolean }) => {
      await withRuntime(catalogConfig(loadConfig()), async (runtime) => {
        const catalog = runtime.events.catalog();
        if (options.markdown) process.stdout.write(catalogMarkdown(catalog));
        else print(catalog);
      });
    });

  const dlq = events
    .command('dlq')
    .description('the dead-letter queue: events a subscriber failed on after every retry');
  dlq
    .command('list')
    .option('--subscriber <id>', 'only this subscriber')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options: { subscriber?: string; limit: string }) => {
      await withRuntime(loadConfig(), async (runtime) =>
        print(
          await runtime.events.transport.deadLetters.list({
            limit: Number(options.limit),
            ...(options.subscriber && { subscriberId: options.subscriber }),
          }),
        ),
      );
    });
  dlq.command('show <id>').action(async (id: string) => {
    await withRuntime(loadConfig(), async (runtime) => {
      const letter = await runtime.events.transport.deadLetters.show(id);
      if (!letter) throw new Error(`No dead letter ${id}`);
      print(letter);
    });
  });
  for (const [name, verb] of [
    ['replay', 'hand back to their subscribers'],
    ['purge', 'discard for good'],
  ] as const) {
    dlq
      .command(`${name} [ids...]`)
      .description(`${verb}: the given dead letters, or --all`)
      .option('--all', 'every dead letter')
      .action(async (ids: string[], options: { all?: boolean }) => {
        if (!options.all && ids.length === 0)
          throw new Error(`Name the dead letters to ${name}, or pass --all`);
        await withRuntime(loadConfig(), async (runtime) => {
          const count = await runtime.events.transport.deadLetters[name](options.all ? 'all' : ids);
          console.log(`${name === 'replay' ? 'replayed' : 'purged'} ${count}`);
        });
      });
  }
}
