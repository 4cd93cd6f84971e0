import type { AppModule } from '@brigade/http';
import { defineModule, systemContext } from '@brigade/kernel';
import type { OrdersService } from '@brigade/orders';
import { type KitchenService, kitchenEvents } from './contract/index.js';
import { seedDemoKitchen } from './demo.seed.js';
import { kdsRoutes } from './http/kds.routes.js';
import { workersRoutes } from './http/workers.routes.js';
import { defaultKitchenOptions, type KitchenOptions } from './options.js';
import { createOrderEffects } from './order-effects.js';
import { orderCancelled } from './subscribers/order-cancelled.subscriber.js';
import { orderCreated } from './subscribers/order-created.subscriber.js';
import { orderModified } from './subscribers/order-modified.subscriber.js';
import { orderStatusSubscribers } from './subscribers/order-status-changed.subscriber.js';
import { createSweep } from './sweep.js';
import { createTickets, type KitchenDeps } from './tickets.service.js';
import { createWorkers } from './workers.service.js';

export { defaultKitchenOptions, type KitchenOptions } from './options.js';

/**
 * Kitchen (issue 6 points 6–8): the kitchen display fed by the orders module's events, and
 * seed 004's kitchen workers. What it does to orders goes through the orders contract.
 */
export function kitchenModule(overrides: Partial<KitchenOptions> = {}): AppModule<KitchenService> {
  const options: KitchenOptions = { ...defaultKitchenOptions, ...overrides };
  return defineModule({
    name: 'kitchen',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(kitchenEvents),
    create({ db, clock, publish, services, log }) {
      const effects = createOrderEffects({ db, clock, log, orders: () => services<OrdersService>('orders') });
      const deps: KitchenDeps = { db, clock, publish, options, effects };
      const { sweep } = createSweep(deps);
      const service: KitchenService = { ...createTickets(deps), ...createWorkers(deps), sweep };

      let running: Promise<unknown> | null = null;
      const timer =
        options.sweepIntervalMs > 0
          ? setInterval(() => {
              if (running) return;
              running = sweep(systemContext(null, 'kitchen-sweep'))
                .catch((error) => log.warn({ err: error }, 'kitchen sweep failed'))
                .finally(() => {
                  running = null;
                });
            }, options.sweepIntervalMs)
          : undefined;
      timer?.unref();

      return {
        service,
        routes: async (app) => {
          await app.register(kdsRoutes(service));
          await app.register(workersRoutes(service));
        },
        subscribers: [
          orderCreated(deps),
          orderModified(deps),
          orderCancelled(deps),
          ...orderStatusSubscribers(deps),
        ],
        seed: () => seedDemoKitchen(service),
        async close() {
          if (timer) clearInterval(timer);
          await running;
          await effects.stop();
        },
      };
    },
  });
}
