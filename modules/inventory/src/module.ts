import type { AppModule } from '@brigade/http';
import { defineModule, systemContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { type InventoryService, inventoryEvents } from './contract/index.js';
import { createCounts } from './counts.service.js';
import { seedDemoInventory } from './demo.seed.js';
import { inventoryRoutes } from './http/inventory.routes.js';
import { createMenuEffects } from './menu-effects.js';
import { defaultInventoryOptions, type InventoryOptions } from './options.js';
import { createPurchasing } from './purchasing.service.js';
import { createRecipes } from './recipes.service.js';
import { createStock } from './stock.service.js';
import { orderCancelled } from './subscribers/order-cancelled.subscriber.js';
import { orderConfirmed } from './subscribers/order-confirmed.subscriber.js';
import { orderCreated } from './subscribers/order-created.subscriber.js';
import { orderModified } from './subscribers/order-modified.subscriber.js';
import { orderPaymentFailed, orderReopened } from './subscribers/order-payment-hold.subscriber.js';
import type { InventoryDeps } from './support.js';
import { createSweep } from './sweep.js';

export { defaultInventoryOptions, type InventoryOptions } from './options.js';

/**
 * Inventory (issue 9): ingredients and stock, recipes, consumption by the orders module's
 * events, alerts, suppliers and purchase orders, counts. What it does to the menu (86 and back)
 * goes through the menu contract after each change commits.
 */
export function inventoryModule(overrides: Partial<InventoryOptions> = {}): AppModule<InventoryService> {
  const options: InventoryOptions = { ...defaultInventoryOptions, ...overrides };
  return defineModule({
    name: 'inventory',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(inventoryEvents),
    create({ db, clock, publish, services, log }) {
      const effects = createMenuEffects({ db, clock, log, menu: () => services<MenuService>('menu') });
      const deps: InventoryDeps = { db, clock, publish, effects };
      const sweep = createSweep(deps);
      const service: InventoryService = {
        ...createStock(deps),
        ...createRecipes(deps),
        ...createPurchasing(deps),
        ...createCounts(deps),
        sweep,
      };

      let running: Promise<unknown> | null = null;
      const run = (job: () => Promise<unknown>) => {
        if (running) return;
        running = job()
          .catch((error) => log.warn({ err: error }, 'inventory sweep failed'))
          .finally(() => {
            running = null;
          });
      };
      const timers = [
        options.sweepIntervalMs > 0
          ? setInterval(
              () => run(() => sweep(systemContext(null, 'inventory-sweep'))),
              options.sweepIntervalMs,
            )
          : undefined,
        // Menu effects queued by subscribers are sent right after their commit; this catches any missed.
        options.effectsPollMs > 0 ? setInterval(() => effects.wake(), options.effectsPollMs) : undefined,
      ];
      for (const timer of timers) timer?.unref();

      return {
        service,
        routes: async (app) => {
          await app.register(inventoryRoutes(service));
        },
        subscribers: [
          orderCreated(deps),
          orderConfirmed(deps),
          orderModified(deps),
          orderCancelled(deps),
          orderPaymentFailed(deps),
          orderReopened(deps),
        ],
        seed: () => seedDemoInventory(service, () => services<MenuService>('menu')),
        async close() {
          for (const timer of timers) if (timer) clearInterval(timer);
          await running;
          await effects.stop();
        },
      };
    },
  });
}
