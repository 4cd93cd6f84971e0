import type { Page, RequestContext } from '@brigade/kernel';
import type {
  CreateOrder,
  DiscountGrant,
  DiscountRequest,
  GuestOrder,
  HistoryEntry,
  KitchenState,
  ListOrders,
  Order,
  OrderLineInput,
  OrderStatus,
  OrderStatusView,
  OrderTracking,
  PlacedOrder,
  UpdateOrder,
} from './schemas.js';

export type { Page } from '@brigade/kernel';
export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';
export * from './status-machine.js';
export * from './totals.js';

/**
 * Decides the discounts of an order being priced (the promotions module provides one; without
 * it there are none). Runs inside order placement: it must be quick and must not write.
 */
export type DiscountPolicy = (ctx: RequestContext, request: DiscountRequest) => Promise<DiscountGrant[]>;

/**
 * The orders module's contract (issue 6): one order pipeline for every channel. Every method
 * acts for ctx.tenantId's restaurant, except the guest ones, which take the restaurant from
 * the table's QR token or the tracking token. Money is integer minor units.
 */
export interface OrdersService {
  /**
   * Prices every line from the live published menu and the restaurant's tax settings, numbers
   * the order for the local business day and records it (pending for online orders, confirmed
   * for the rest). Staff dine-in orders name a table (its open session is used or one opened)
   * or a session; a signed-in customer orders online, takeout or delivery for themselves.
   */
  placeOrder(ctx: RequestContext, input: CreateOrder): Promise<PlacedOrder>;
  /** A guest at the table (no sign-in): the table and restaurant come from the QR token. */
  placeGuestOrder(
    ctx: RequestContext,
    input: GuestOrder & { table_token: string },
  ): Promise<PlacedOrder & { tenant_id: string }>;
  getOrder(ctx: RequestContext, input: { id: string }): Promise<Order>;
  /** Newest first. A customer sees only their own orders whatever they filter by. */
  listOrders(ctx: RequestContext, input: ListOrders): Promise<Page<Order>>;

  /** The order's notes and customer details (PATCH); closed orders refuse. */
  updateOrder(ctx: RequestContext, input: { id: string; changes: UpdateOrder }): Promise<Order>;

  addLines(ctx: RequestContext, input: { id: string; lines: OrderLineInput[] }): Promise<Order>;
  /**
   * Voids a line (or part of its quantity). Before the kitchen started it: orders:write. After:
   * orders:void and a reason; the kitchen gets a void ticket.
   */
  voidLine(
    ctx: RequestContext,
    input: { id: string; line_id: string; reason?: string | undefined; quantity?: number | undefined },
  ): Promise<Order>;
  /** One step of the status machine (`invalid_transition` otherwise). Idempotent: moving to the current status is a no-op. */
  changeStatus(
    ctx: RequestContext,
    input: { id: string; status: OrderStatus; reason?: string | undefined },
  ): Promise<Order>;
  cancelOrder(ctx: RequestContext, input: { id: string; reason: string }): Promise<Order>;

  /**
   * The kitchen reports progress on lines: `started` moves a confirmed order to preparing;
   * `queued` after a recall. Never moves a line backwards from `done` unless asked with `queued`.
   */
  recordKitchenProgress(
    ctx: RequestContext,
    input: { order_id: string; line_ids: string[]; state: KitchenState },
  ): Promise<void>;

  /** Seed 004 tracking, by order id or number. */
  getOrderStatus(ctx: RequestContext, input: { ref: string }): Promise<OrderStatusView>;
  getOrderHistory(ctx: RequestContext, input: { ref: string }): Promise<HistoryEntry[]>;
  /** The guest's tracking page (no sign-in), from the signed token handed out at placement. */
  trackOrder(ctx: RequestContext, input: { token: string }): Promise<OrderTracking & { tenant_id: string }>;
  /** Every order of the visit at a table (its open session), for the phones at that table. */
  listTableOrders(
    ctx: RequestContext,
    input: { table_token: string },
  ): Promise<{ tenant_id: string; session_id: string | null; orders: OrderTracking[] }>;
  /** Verifies a tracking token: the order it names (for the realtime channel `order:<id>`). */
  verifyTrackingToken(
    ctx: RequestContext,
    input: { token: string },
  ): Promise<{ tenant_id: string; order_id: string }>;
}
