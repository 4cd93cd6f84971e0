import type { Database } from '@brigade/db';
import type { Clock, EventDefinition, Logger } from '@brigade/kernel';
import { Gauge, type Registry } from 'prom-client';
import { buildCatalog, type CatalogEntry } from './catalog.js';
import { createDeliver } from './deliver.js';
import { createEventMetrics, type EventMetrics } from './metrics.js';
import { createPublisher, type Publish } from './outbox.js';
import { OutboxRelay } from './relay.js';
import type { EventTap, Subscriber, Transport } from './transport.js';

export interface EventModule {
  name: string;
  /** Event types the module publishes; a module with any has an outbox in its schema. */
  events: EventDefinition[];
  subscribers: Subscriber[];
}

export interface TransportDeps {
  db: Database;
  metrics: EventMetrics;
  log: Logger;
}

export interface EventBusOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  registry: Registry;
  createTransport: (deps: TransportDeps) => Transport;
  relay?: { pollIntervalMs?: number; batchSize?: number };
}

/** The event backbone of one process: publishers, the outbox relay, the transport and its metrics. */
export class EventBus {
  readonly metrics: EventMetrics;
  readonly transport: Transport;
  #relay: OutboxRelay | undefined;
  #modules: EventModule[] = [];
  readonly #taps: EventTap[] = [];
  readonly #options: EventBusOptions;

  constructor(options: EventBusOptions) {
    this.#options = options;
    this.metrics = createEventMetrics(options.registry);
    this.transport = options.createTransport({ db: options.db, metrics: this.metrics, log: options.log });
  }

  publisherFor(module: string): Publish {
    return createPublisher(module, () => this.#options.clock.now());
  }

  catalog(): CatalogEntry[] {
    return buildCatalog(
      this.#modules.flatMap((module) => module.events),
      this.#modules.flatMap((module) => module.subscribers),
    );
  }

  /** Declares what each module publishes and consumes (before `start`, and for the catalogue). */
  /** Hands every relayed batch to `tap` too (before `start`). */
  tap(tap: EventTap) {
    this.#taps.push(tap);
  }

  register(modules: EventModule[]) {
    this.#modules = modules;
    this.transport.register(modules.flatMap((module) => module.subscribers));
  }

  /** Starts consuming and relaying. */
  async start() {
    const modules = this.#modules;
    const { db, log, registry } = this.#options;
    const schemas = modules.filter((module) => module.events.length > 0).map((module) => module.name);
    await this.transport.start(createDeliver(db, this.metrics, log, this.transport.deliveryBatch));
    const relay = new OutboxRelay({
      db,
      schemas,
      transport: this.transport,
      taps: this.#taps,
      metrics: this.metrics,
      log,
      ...this.#options.relay,
    });
    this.#relay = relay;
    new Gauge({
      name: 'events_outbox_lag_seconds',
      help: 'Age of the oldest committed event not yet confirmed by the transport',
      registers: [registry],
      async collect() {
        this.set(await relay.lagSeconds());
      },
    });
    await relay.start();
  }

  /** Wakes the relay (tests; production relies on NOTIFY and polling). */
  flush() {
    this.#relay?.wake();
  }

  async settled() {
    await this.#relay?.settled();
  }

  async close() {
    await this.#relay?.stop();
    await this.transport.close();
  }
}
