/**
 * The orders' side of the payment saga (seed 001 §7.4), run inside a payments event's
 * transaction: a settled check confirms its orders still waiting for payment (online orders
 * sit in `pending` until paid) and completes those already handed over; a failed payment parks
 * a pending order in `payment_failed` until the guest tries again. Only moves the status
 * machine allows; anything else (the order moved on, was cancelled) is left as it is, so
 * events arriving late or out of order change nothing.
 */
import type { Tx } from '@brigade/db';
import { type EventEnvelope, systemContext } from '@brigade/kernel';
import { eq } from 'drizzle-orm';
import { canTransition, type OrderStatus } from './contract/index.js';
import { lockOrder } from './db/order-rows.js';
import { orders } from './db/tables.js';
import { moveOrderStatus } from './status-moves.js';
import type { OrdersDeps } from './support.js';

type Outcome = 'settled' | 'failed';

/** From which statuses an outcome moves an order, and where to. */
function target(outcome: Outcome, status: OrderStatus): OrderStatus | null {
  if (outcome === 'failed') return status === 'pending' ? 'payment_failed' : null;
  if (status === 'pending' || status === 'payment_failed') return 'confirmed';
  if (status === 'served' || status === 'picked_up' || status === 'delivered') return 'completed';
  return null;
}

export async function applyPaymentOutcome(
  deps: Pick<OrdersDeps, 'clock' | 'publish'>,
  tx: Tx,
  event: EventEnvelope<{ order_ids: string[] }>,
  outcome: Outcome,
  reason: string | null,
): Promise<void> {
  const ctx = systemContext(event.tenant_id, event.correlation_id);
  for (const orderId of event.payload.order_ids) {
    const [exists] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
    if (!exists) continue;
    const order = await lockOrder(tx, orderId);
    const to = target(outcome, order.status);
    const facts = { channel: order.channel, has_delivery_address: order.deliveryAddress !== null };
    if (!to || !canTransition(order.status, to, facts)) continue;
    await moveOrderStatus(deps, tx, ctx, order, to, 'payments', reason, event.event_id);
  }
}
