import type { AppModule } from '@brigade/http';
import { defineModule } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import { createAnalytics } from './analytics.service.js';
import type { AnalyticsService } from './contract/index.js';
import { analyticsRoutes } from './http/analytics.routes.js';
import { orderCancelled } from './subscribers/order-cancelled.subscriber.js';
import { orderCreated } from './subscribers/order-created.subscriber.js';
import { orderModified } from './subscribers/order-modified.subscriber.js';
import { paymentCompleted } from './subscribers/payment-completed.subscriber.js';
import { refundProcessed } from './subscribers/refund-processed.subscriber.js';

/**
 * Analytics (issue 8 point 4): the back office's sales figures, from a read model the orders
 * and payments modules' events build (no reads of their data). Publishes nothing.
 */
export const analyticsModule: AppModule<AnalyticsService> = defineModule({
  name: 'analytics',
  migrations: new URL('../migrations/', import.meta.url),
  create({ db, clock, services }) {
    const service = createAnalytics({ db, clock, tenants: () => services<TenantsService>('tenants') });
    return {
      service,
      routes: async (app) => {
        await app.register(analyticsRoutes(service));
      },
      subscribers: [orderCreated, orderModified, orderCancelled, paymentCompleted, refundProcessed],
    };
  },
});
