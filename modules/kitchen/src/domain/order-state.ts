import type { OrderStatus } from '@brigade/orders';

/** Accepted and not handed off: the order's fired courses belong on the line, and on the expo. */
export const onTheLineStatuses = [
  'confirmed',
  'preparing',
  'ready',
] as const satisfies readonly OrderStatus[];

export const isOnTheLine = (status: OrderStatus) =>
  (onTheLineStatuses as readonly OrderStatus[]).includes(status);

/** Handed off, finished or cancelled: its tickets no longer change (void tickets are still acknowledged). */
export const isHandedOff = (status: OrderStatus) =>
  ['served', 'picked_up', 'out_for_delivery', 'delivered', 'completed', 'cancelled'].includes(status);
