import type { FloorService } from '@brigade/floor';
import type { AppModule } from '@brigade/http';
import { defineModule } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import type { TenantsService } from '@brigade/tenants';
import { type OrdersService, ordersEvents } from './contract/index.js';
import { seedDemoOrders } from './demo.seed.js';
import { ordersRoutes } from './http/orders.routes.js';
import { publicRoutes } from './http/public.routes.js';
import { defaultOrdersOptions, type OrdersOptions } from './options.js';
import { createCommands } from './orders.service.js';
import { createQueries } from './orders-queries.js';
import { guestRealtimeAuthenticator } from './realtime-guests.js';
import { paymentCompleted } from './subscribers/payment-completed.subscriber.js';
import { paymentFailed } from './subscribers/payment-failed.subscriber.js';
import type { OrdersDeps } from './support.js';

export { defaultOrdersOptions, developmentTrackingSecret, type OrdersOptions } from './options.js';

/** Orders (issue 6): one pipeline for every channel, priced on the server, tracked by guests. */
export function ordersModule(overrides: Partial<OrdersOptions> = {}): AppModule<OrdersService> {
  const options: OrdersOptions = { ...defaultOrdersOptions, ...overrides };
  return defineModule({
    name: 'orders',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(ordersEvents),
    create({ db, clock, publish, services }) {
      const deps: OrdersDeps = {
        db,
        clock,
        publish,
        menu: () => services<MenuService>('menu'),
        floor: () => services<FloorService>('floor'),
        tenants: () => services<TenantsService>('tenants'),
        options,
      };
      const service: OrdersService = { ...createCommands(deps), ...createQueries(deps) };
      return {
        service,
        routes: async (app) => {
          await app.register(ordersRoutes(service));
          await app.register(publicRoutes(service, options.publicRequestsPerCodePerMinute));
        },
        subscribers: [paymentCompleted(deps), paymentFailed(deps)],
        authenticateRealtime: guestRealtimeAuthenticator(options.trackingSecret, deps.floor),
        seed: () => seedDemoOrders(service, deps),
      };
    },
  });
}
