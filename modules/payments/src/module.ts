import type { FloorService } from '@brigade/floor';
import type { AppModule } from '@brigade/http';
import { defineModule, systemContext } from '@brigade/kernel';
import type { OrdersService } from '@brigade/orders';
import type { TenantsService } from '@brigade/tenants';
import { createChecks } from './checks.service.js';
import { type PaymentsService, paymentsEvents } from './contract/index.js';
import { seedDemoPayments } from './demo.seed.js';
import { createGuestTables } from './guest-tables.service.js';
import { createGuestPayments } from './guests.service.js';
import { guestRoutes } from './http/guest.routes.js';
import { guestTableRoutes } from './http/guest-table.routes.js';
import { paymentsRoutes, webhookRoutes } from './http/payments.routes.js';
import { defaultPaymentsOptions, type PaymentsOptions } from './options.js';
import { createPayments } from './payments.service.js';
import { ProviderCache } from './providers/registry.js';
import { createRefunds } from './refunds.service.js';
import { createReports } from './reports.service.js';
import { secretBox } from './secrets.js';
import { setProvider } from './settings.js';
import type { PaymentsDeps } from './support.js';

export { defaultPaymentsOptions, developmentPaymentsSecret, type PaymentsOptions } from './options.js';

/** Payments (issue 7): checks and splits, cash, terminal, Stripe and Razorpay — charged exactly once. */
export function paymentsModule(overrides: Partial<PaymentsOptions> = {}): AppModule<PaymentsService> {
  const options: PaymentsOptions = { ...defaultPaymentsOptions, ...overrides };
  return defineModule({
    name: 'payments',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(paymentsEvents),
    create({ db, clock, publish, services, log }) {
      const deps: PaymentsDeps = {
        db,
        clock,
        log,
        publish,
        orders: () => services<OrdersService>('orders'),
        floor: () => services<FloorService>('floor'),
        tenants: () => services<TenantsService>('tenants'),
        options,
        box: secretBox(options.secret),
        providers: new ProviderCache({ clock, ...options.providers }),
      };
      const checks = createChecks(deps);
      const { openCheckForOrder, ...checkMethods } = checks;
      const taking = createPayments(deps, openCheckForOrder);
      const staff = { ...checkMethods, ...taking };
      const service: PaymentsService = {
        ...staff,
        ...createGuestPayments(deps, taking),
        ...createGuestTables(deps, staff),
        ...createRefunds(deps),
        ...createReports(deps),
        setProvider: (ctx, input) => setProvider(deps, ctx, input),
      };

      const sweep = () =>
        service.reconcileUnsettled(systemContext(null, 'payments-reconcile'), {
          older_than_seconds: options.reconcileAfterSeconds,
        });

      // Payments left unsettled (a lost answer or webhook) are asked about, tenant by tenant.
      let running: Promise<unknown> | null = null;
      const timer =
        options.reconcileIntervalMs > 0
          ? setInterval(() => {
              if (running) return;
              running = sweep()
                .catch((error) => log.warn({ err: error }, 'payments reconciliation failed'))
                .finally(() => {
                  running = null;
                });
            }, options.reconcileIntervalMs)
          : undefined;
      timer?.unref();
      return {
        service,
        routes: async (app) => {
          await app.register(paymentsRoutes(service));
          await app.register(webhookRoutes(service));
          await app.register(guestRoutes(service, options.publicRequestsPerCodePerMinute));
          await app.register(guestTableRoutes(service, options.publicRequestsPerCodePerMinute));
        },
        seed: () => seedDemoPayments(service, deps),
        async close() {
          if (timer) clearInterval(timer);
          await running;
        },
      };
    },
  });
}
