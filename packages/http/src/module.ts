import type { Database } from '@brigade/db';
import type { Clock, ModuleDefinition } from '@brigade/kernel';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';

/** What the runtime hands every module when it composes a process. */
export interface ModuleDeps {
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
}

export interface ModuleInstance<Service = unknown> {
  service: Service;
  /** Routes, registered under /api/v1. */
  routes?: FastifyPluginAsync;
  /** Demo data for a fresh installation; must be safe to run twice. */
  seed?: () => Promise<void>;
}

export type AppModule<Service = unknown> = ModuleDefinition<ModuleDeps, ModuleInstance<Service>>;
