import { systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import type { PaymentsService } from './contract/index.js';
import type { PaymentsDeps } from './support.js';

/**
 * Spice Route takes cash and an external card terminal (no provider keys in demo data), and
 * its takeout order of the day is paid in cash. Safe to run twice: settings are upserted, the
 * payment carries a fixed idempotency key.
 */
export async function seedDemoPayments(service: PaymentsService, deps: PaymentsDeps): Promise<void> {
  const ctx = systemContext(demoRestaurantId, 'payments-demo-seed');
  await service.setProvider(ctx, { provider: 'cash', enabled: true });
  await service.setProvider(ctx, { provider: 'card_terminal', enabled: true });
  const orders = await deps
    .orders()
    .listOrders(ctx, { channel: ['takeout'], status: ['preparing'], limit: 1 });
  const order = orders.data[0];
  if (!order) return;
  await service.processPayment(ctx, {
    order_id: order.id,
    method: 'cash',
    idempotency_key: `demo-seed-${order.id}`,
  });
}
