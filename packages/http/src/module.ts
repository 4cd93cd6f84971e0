import type { Database } from '@brigade/db';
import type { Clock, ModuleDefinition } from '@brigade/kernel';
import type { Publish, Subscriber } from '@brigade/messaging';
import type { Authenticate as AuthenticateRealtime } from '@brigade/realtime';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Authenticator } from './access.js';
import type { SharedCache } from './cache.js';

/** What the runtime hands every module when it composes a process. */
export interface ModuleDeps {
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Publishes this module's events inside its own transactions (outbox). */
  publish: Publish;
  /**
   * Another module's service (its contract), by module name. Resolve it when handling a call,
   * not in `create`: modules are created in composition order.
   */
  services: ServiceResolver;
  /** Derived data shared by the process's replicas: in memory, or Redis when configured. */
  cache: SharedCache;
}

export type ServiceResolver = <Service>(module: string) => Service;

export interface ModuleInstance<Service = unknown> {
  service: Service;
  /** Routes, registered under /api/v1. */
  routes?: FastifyPluginAsync;
  /** Routes at the server's root, for well-known addresses such as /.well-known/jwks.json. */
  rootRoutes?: FastifyPluginAsync;
  /** Reactions to other modules' events, each in its own transaction with its inbox record. */
  subscribers?: Subscriber[];
  /** Demo data for a fresh installation; must be safe to run twice. */
  seed?: () => Promise<void>;
  /** Resolves callers' credentials; the identity module provides the one a process uses. */
  authenticate?: Authenticator;
  /**
   * Recognises credentials good only for the realtime WebSocket (a guest's tracking token, a
   * table's QR code), asked before the process's authenticator on the upgrade alone. Returns
   * null for credentials it does not know; a caller it returns usually names its `channels`.
   */
  authenticateRealtime?: AuthenticateRealtime;
  /** Stops the module's own background work (timers, caches) before the database closes. */
  close?: () => Promise<void>;
}

export type AppModule<Service = unknown> = ModuleDefinition<ModuleDeps, ModuleInstance<Service>>;
