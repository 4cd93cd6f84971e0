import type { FeedEvent } from '../../ui/realtime.js';
import { billRequestsKey } from './bill-requests.js';

/**
 * What every staff event (and every reconnect) re-reads: the floor and the order lists, the
 * screens a waiter watches. Kept short: each key is one request per terminal per burst, and
 * every request counts against the user's rate limit.
 */
export const alwaysRefresh = [
  ['floor', 'tables'],
  ['pos', 'orders'],
];

/** The further queries one event makes stale, by its module: only the order or check it names. */
export function refreshFor(event: FeedEvent): unknown[][] {
  const module = event.type.split('.')[0];
  const orderId = typeof event.payload.order_id === 'string' ? event.payload.order_id : null;
  if (module === 'floor' && event.type.includes('area_')) return [['floor', 'areas']];
  if (module === 'floor') return [['pos', 'table-session']];
  if (module === 'orders' && orderId)
    return [
      ['pos', 'order', orderId],
      ['pos', 'order-history', orderId],
    ];
  if (module === 'kitchen' && orderId) return [['pos', 'kitchen-order', orderId]];
  if (module === 'payments') return [['pos', 'check'], billRequestsKey];
  return [];
}
