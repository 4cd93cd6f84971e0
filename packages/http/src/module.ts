import type { Database } from '@brigade/db';
import type { Clock, ModuleDefinition } from '@brigade/kernel';
import type { Publish, Subscriber } from '@brigade/messaging';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';

/** What the runtime hands every module when it composes a process. */
export interface ModuleDeps {
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Publishes this module's events inside its own transactions (outbox). */
  publish: Publish;
}

export interface ModuleInstance<Service = unknown> {
  service: Service;
  /** Routes, registered under /api/v1. */
  routes?: FastifyPluginAsync;
  /** Reactions to other modules' events, each in its own transaction with its inbox record. */
  subscribers?: Subscriber[];
  /** Demo data for a fresh installation; must be safe to run twice. */
  seed?: () => Promise<void>;
}

export type AppModule<Service = unknown> = ModuleDefinition<ModuleDeps, ModuleInstance<Service>>;
