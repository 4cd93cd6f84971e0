import type { OrderChannel, OrderStatus } from './schemas.js';

/**
 * Where each status may go (issue 6): the kitchen path is shared; after `ready` a dine-in order
 * is served, a pickup picked up, a delivery sent out and delivered. `ready → preparing` is the
 * kitchen recalling a ticket. Online orders wait in `pending` until paid or accepted; a failed
 * payment parks them in `payment_failed` until retried. Cancelling is possible until the end.
 */
const next: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'payment_failed', 'cancelled'],
  payment_failed: ['pending', 'confirmed', 'cancelled'],
  confirmed: ['preparing', 'ready', 'cancelled'],
  preparing: ['ready', 'cancelled'],
  ready: ['preparing', 'served', 'picked_up', 'out_for_delivery', 'cancelled'],
  served: ['completed', 'cancelled'],
  picked_up: ['completed', 'cancelled'],
  out_for_delivery: ['delivered', 'cancelled'],
  delivered: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** How a channel leaves `ready`: at the table, at the counter, or on the road. */
export function handOffAfterReady(channel: OrderChannel, hasDeliveryAddress: boolean): OrderStatus {
  if (channel === 'dine_in') return 'served';
  if (channel === 'delivery' || (channel === 'online' && hasDeliveryAddress)) return 'out_for_delivery';
  return 'picked_up';
}

/** The statuses `from` may move to for this order (the POS offers exactly these). */
export function nextStatuses(
  from: OrderStatus,
  order: { channel: OrderChannel; has_delivery_address: boolean },
): OrderStatus[] {
  const handOff = handOffAfterReady(order.channel, order.has_delivery_address);
  return next[from].filter(
    (to) => from !== 'ready' || !['served', 'picked_up', 'out_for_delivery'].includes(to) || to === handOff,
  );
}

export function canTransition(
  from: OrderStatus,
  to: OrderStatus,
  order: { channel: OrderChannel; has_delivery_address: boolean },
): boolean {
  return nextStatuses(from, order).includes(to);
}

/** Completed and cancelled orders never change again. */
export const isClosedStatus = (status: OrderStatus) => status === 'completed' || status === 'cancelled';
