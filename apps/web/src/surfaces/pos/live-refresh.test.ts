import { describe, expect, it } from 'vitest';
import { refreshFor } from './live-refresh.js';

const event = (type: string, payload: Record<string, unknown> = {}) => ({ event_id: '1', type, payload });

describe('what a live event refreshes on the POS', () => {
  it('names only the order, ticket or check the event is about', () => {
    expect(refreshFor(event('orders.order_ready.v1', { order_id: 'o1' }))).toEqual([
      ['pos', 'order', 'o1'],
      ['pos', 'order-history', 'o1'],
    ]);
    expect(refreshFor(event('kitchen.ticket_started.v1', { order_id: 'o1' }))).toEqual([
      ['pos', 'kitchen-order', 'o1'],
    ]);
    expect(refreshFor(event('payments.payment_completed.v1', { check_id: 'c1' }))).toEqual([
      ['pos', 'check'],
      ['pos', 'bill-requests'],
    ]);
  });

  it('floor layout and sessions refresh their own reads; unknown events nothing more', () => {
    expect(refreshFor(event('floor.area_created.v1'))).toEqual([['floor', 'areas']]);
    expect(refreshFor(event('floor.table_status_changed.v1'))).toEqual([['pos', 'table-session']]);
    expect(refreshFor(event('inventory.stock_low.v1'))).toEqual([]);
  });
});
