import type { Tx } from '@brigade/db';
import {
  businessDate,
  DomainError,
  type FieldError,
  hasPermission,
  newId,
  type RequestContext,
} from '@brigade/kernel';
import type { PricingItem } from '@brigade/menu';
import type { Restaurant } from '@brigade/tenants';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  addLinesSchema,
  type CreateOrder,
  ordersPermissions as can,
  cancelOrderSchema,
  canTransition,
  changeStatusSchema,
  createOrderSchema,
  type DiscountGrant,
  type DiscountRequest,
  ordersErrors as fail,
  guestOrderSchema,
  isClosedStatus,
  type KitchenState,
  nextStatuses,
  type Order,
  type OrderChannel,
  type OrderLineInput,
  type OrderSource,
  type OrderStatus,
  type OrdersService,
  ordersEvents,
  type PlacedOrder,
  updateOrderSchema,
  voidLineSchema,
} from './contract/index.js';
import { lineEvent, linesOf, lockOrder, orderNotFound, toOrder } from './db/order-rows.js';
import {
  dailyCounters,
  type LineRow,
  type NewLineRow,
  type OrderRow,
  orderLines,
  orders,
} from './db/tables.js';
import { formatOrderNumber } from './domain/order-number.js';
import {
  type PricedDraft,
  priceDrafts,
  type SettleLine,
  settle,
  type TaxSettings,
} from './domain/order-pricing.js';
import { signTrackingToken } from './domain/tracking-token.js';
import { type MoveArgs, moveOrderStatus, recordHistory } from './status-moves.js';
import { actorName, createsOwnOnly, type OrdersDeps, on, tenantOf } from './support.js';

type Commands = Pick<
  OrdersService,
  | 'placeOrder'
  | 'placeGuestOrder'
  | 'addLines'
  | 'updateOrder'
  | 'voidLine'
  | 'changeStatus'
  | 'cancelOrder'
  | 'recordKitchenProgress'
>;

/** Where a dine-in order sits. */
interface Seating {
  table_id: string;
  table_number: string;
  session_id: string;
}

interface Placement {
  channel: OrderChannel;
  source: OrderSource;
  lines: OrderLineInput[];
  seating: (() => Promise<Seating>) | null;
  customer_id: string | null;
  customer: CreateOrder['customer'] | null;
  delivery_address: CreateOrder['delivery_address'] | null;
  notes: string | null;
  promo_code: string | null;
}

const customerChannels: readonly OrderChannel[] = ['online', 'takeout', 'delivery'];
/** How often a modification is recomputed when another change to the same order got in first. */
const attempts = 10;

/** Placing, changing and moving orders: every write of the orders module. */
export function createCommands(deps: OrdersDeps): Commands {
  const { db, clock, publish, options } = deps;

  const restaurantOf = (tenantId: string, ctx: RequestContext): Promise<Restaurant> =>
    deps.tenants().getRestaurant(on(tenantId, ctx), { id: tenantId });

  /** Prices lines from the live published menu; every problem of every line at once. */
  async function price(
    ctx: RequestContext,
    tenantId: string,
    lines: readonly OrderLineInput[],
    tax: TaxSettings,
  ): Promise<PricedDraft[]> {
    const ids = [...new Set(lines.map((line) => line.menu_item_id))];
    const menu = deps.menu();
    const answer = await menu.getItemsForPricing(on(tenantId, ctx), { item_ids: ids });
    if (answer.items.length === 0) {
      const versions = await menu.listMenuVersions(on(tenantId, ctx), { limit: 1 });
      if (versions.data.length === 0) {
        throw fail('menu_not_published', 'This restaurant has not published its menu yet.');
      }
    }
    const items = new Map<string, PricingItem>(answer.items.map((item) => [item.id, item]));
    const { drafts, problems } = priceDrafts(lines, items, tax);
    if (problems.length > 0) rejectLines(problems);
    return drafts;
  }

  function rejectLines(problems: FieldError[]): never {
    throw fail('lines_rejected', problems.map((problem) => problem.message).join(' '), { errors: problems });
  }

  /** The discount policy's grants for these active lines (none without a policy). */
  async function discountsFor(
    ctx: RequestContext,
    order: { channel: OrderChannel; customer_id: string | null; promo_code: string | null; currency: string },
    lines: readonly { menu_item_id: string; category_id: string; quantity: number; subtotal: number }[],
  ): Promise<DiscountGrant[]> {
    if (!options.discounts || lines.length === 0) return [];
    const request: DiscountRequest = {
      channel: order.channel,
      customer_id: order.customer_id,
      promo_code: order.promo_code,
      currency: order.currency,
      lines: lines.map((line, index) => ({
        index,
        menu_item_id: line.menu_item_id,
        category_id: line.category_id,
        quantity: line.quantity,
        subtotal: line.subtotal,
      })),
      subtotal: lines.reduce((total, line) => total + line.subtotal, 0),
    };
    return options.discounts(ctx, request);
  }

  /**
   * Next number of the restaurant's business day, taken in its own short transaction: the
   * counter row is locked for one statement, not for the whole order (which would queue every
   * order of a restaurant behind the one being written). An order that then fails to commit
   * leaves a gap in the day's numbers; the unique index keeps them distinct.
   */
  function nextNumber(tenantId: string, day: string): Promise<string> {
    return db.tenantTx(tenantId, async (tx) => {
      const [row] = await tx
        .insert(dailyCounters)
        .values({ tenantId, businessDate: day, lastNumber: 1 })
        .onConflictDoUpdate({
          target: [dailyCounters.tenantId, dailyCounters.businessDate],
          set: { lastNumber: sql`${dailyCounters.lastNumber} + 1` },
        })
        .returning({ last: dailyCounters.lastNumber });
      return formatOrderNumber(day, row!.last);
    });
  }

  const moves = { clock, publish };
  const moveStatus = (...args: MoveArgs) => moveOrderStatus(moves, ...args);

  function refuseClosed(order: OrderRow) {
    if (isClosedStatus(order.status)) {
      throw fail('order_closed', `Order ${order.number} is ${order.status}: it can no longer change.`, {
        details: { status: order.status },
      });
    }
  }

  /** Writes the settled figures of every line and of the order (after lines were added or voided). */
  async function writeTotals(
    tx: Tx,
    order: OrderRow,
    lines: LineRow[],
    grants: DiscountGrant[],
    changes: Partial<OrderRow> = {},
  ): Promise<OrderRow> {
    const active = lines.filter((line) => line.status === 'active');
    const settled = settle(active.map(settleLine), grants, order.pricesIncludeTax);
    for (const [index, line] of active.entries()) {
      const figures = settled.lines[index]!;
      if (line.discount !== figures.discount || line.tax !== figures.tax || line.total !== figures.total) {
        await tx.update(orderLines).set(figures).where(eq(orderLines.id, line.id));
      }
    }
    const [updated] = await tx
      .update(orders)
      .set({
        ...changes,
        discounts: settled.discounts,
        taxes: settled.taxes,
        subtotal: settled.subtotal,
        discountTotal: settled.discount_total,
        taxTotal: settled.tax_total,
        total: settled.total,
        version: order.version + 1,
        updatedAt: clock.now(),
      })
      .where(eq(orders.id, order.id))
      .returning();
    return updated!;
  }

  async function place(ctx: RequestContext, tenantId: string, placement: Placement): Promise<PlacedOrder> {
    const restaurant = await restaurantOf(tenantId, ctx);
    const drafts = await price(ctx, tenantId, placement.lines, restaurant.tax);
    const seating = placement.seating ? await placement.seating() : null;
    const tenantCtx = ctx.tenantId ? ctx : on(tenantId, ctx);
    const grants = await discountsFor(tenantCtx, { ...placement, currency: restaurant.currency }, drafts);
    const settled = settle(drafts, grants, restaurant.tax.prices_include_tax);
    const status: OrderStatus = placement.channel === 'online' ? 'pending' : 'confirmed';
    const changedBy = actorName(ctx);
    const day = businessDate(clock.now(), restaurant.timezone);
    const number = await nextNumber(tenantId, day);
    const { order, lines } = await db.tenantTx(tenantId, async (tx) => {
      const now = clock.now();
      const [order] = await tx
        .insert(orders)
        .values({
          id: newId(),
          tenantId,
          number,
          businessDate: day,
          channel: placement.channel,
          source: placement.source,
          status,
          tableId: seating?.table_id ?? null,
          tableNumber: seating?.table_number ?? null,
          sessionId: seating?.session_id ?? null,
          customerId: placement.customer_id,
          customer: placement.customer ?? null,
          deliveryAddress: placement.delivery_address ?? null,
          notes: placement.notes,
          promoCode: placement.promo_code,
          currency: restaurant.currency,
          pricesIncludeTax: restaurant.tax.prices_include_tax,
          discounts: settled.discounts,
          taxes: settled.taxes,
          subtotal: settled.subtotal,
          discountTotal: settled.discount_total,
          taxTotal: settled.tax_total,
          total: settled.total,
          cancelReason: null,
          placedBy: ctx.actor.id,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const lines = await tx
        .insert(orderLines)
        .values(
          drafts.map(
            (draft, index): NewLineRow => ({
              ...lineValues(draft),
              id: newId(),
              tenantId,
              orderId: order!.id,
              position: index + 1,
              ...settled.lines[index]!,
              kitchenState: 'queued',
              status: 'active',
              createdAt: now,
            }),
          ),
        )
        .returning();
      await recordHistory(
        tx,
        order!,
        { status: 'pending', from: null, changedBy, reason: null, at: now },
        ...(status === 'confirmed'
          ? [{ status, from: 'pending' as const, changedBy, reason: null, at: now }]
          : []),
      );
      const ref = {
        order_id: order!.id,
        number: order!.number,
        channel: order!.channel,
        table_id: order!.tableId,
        session_id: order!.sessionId,
      };
      const publishOptions = { aggregateId: order!.id, tenantId };
      await publish(
        tx,
        tenantCtx,
        ordersEvents.orderCreated,
        {
          ...ref,
          table_number: order!.tableNumber,
          status,
          customer_id: order!.customerId,
          placed_at: now.toISOString(),
          currency: order!.currency,
          subtotal: order!.subtotal,
          discount_total: order!.discountTotal,
          tax_total: order!.taxTotal,
          total: order!.total,
          lines: lines.map(lineEvent),
        },
        publishOptions,
      );
      if (status === 'confirmed') {
        await publish(
          tx,
          tenantCtx,
          ordersEvents.orderConfirmed,
          { ...ref, from: 'pending', to: 'confirmed', changed_by: changedBy, reason: null },
          publishOptions,
        );
      }
      return { order: order!, lines };
    });
    return {
      ...toOrder(order, lines),
      tracking_token: signTrackingToken(options.trackingSecret, tenantId, order.id),
    };
  }

  /** A staff dine-in order's table and session: the named session, or the table's (opened if needed). */
  function staffSeating(
    ctx: RequestContext,
    tenantId: string,
    input: { table_id?: string | undefined; session_id?: string | undefined; covers?: number | undefined },
  ) {
    return async (): Promise<Seating> => {
      const floor = deps.floor();
      const floorCtx = ctx.tenantId ? ctx : on(tenantId, ctx);
      const field = input.session_id ? 'session_id' : 'table_id';
      const closed = (message: string): never => {
        throw fail('table_closed', message, { errors: [{ field, message }] });
      };
      try {
        const session = input.session_id
          ? await floor.getSession(floorCtx, { id: input.session_id })
          : await floor.openSessionForTable(floorCtx, {
              table_id: input.table_id!,
              covers: input.covers ?? 1,
            });
        if (session.status !== 'open') closed(`The table session is ${session.status}.`);
        if (input.table_id && input.session_id && session.table_id !== input.table_id) {
          closed('The session is not at that table.');
        }
        const table = await floor.getTable(floorCtx, { id: session.table_id });
        return { table_id: table.id, table_number: table.number, session_id: session.id };
      } catch (error) {
        if (error instanceof DomainError && ['session_not_found', 'table_not_found'].includes(error.code)) {
          closed(input.session_id ? 'No such table session.' : 'No such table (or it was removed).');
        }
        throw error;
      }
    };
  }

  /**
   * A change that needs other modules (pricing, discounts) before it writes: computed from a
   * snapshot of the order outside any transaction, then written under the order's lock if no
   * other change got in meanwhile (else computed again).
   */
  async function modify<T>(
    ctx: RequestContext,
    id: string,
    compute: (
      order: OrderRow,
      lines: LineRow[],
    ) => Promise<(tx: Tx, order: OrderRow, lines: LineRow[]) => Promise<T>>,
  ): Promise<T> {
    tenantOf(ctx);
    for (let attempt = 1; ; attempt++) {
      const snapshot = await db.tenantTx(ctx.tenantId!, async (tx) => {
        const [order] = await tx.select().from(orders).where(eq(orders.id, id));
        if (!order) throw orderNotFound(id);
        return { order, lines: await linesOf(tx, id) };
      });
      refuseClosed(snapshot.order);
      const write = await compute(snapshot.order, snapshot.lines);
      const result = await db.tenantTx(ctx.tenantId!, async (tx) => {
        const order = await lockOrder(tx, id);
        if (order.version !== snapshot.order.version) return { retry: true as const };
        refuseClosed(order);
        return { retry: false as const, value: await write(tx, order, snapshot.lines) };
      });
      if (!result.retry) return result.value;
      if (attempt >= attempts) {
        throw fail('order_busy', `Order ${snapshot.order.number} kept changing; try again.`);
      }
    }
  }

  const reread = async (tx: Tx, order: OrderRow): Promise<Order> =>
    toOrder(order, await linesOf(tx, order.id));

  const modified = (
    order: OrderRow,
    changedBy: string,
    added: LineRow[],
    voided: {
      line: LineRow;
      quantity: number;
      reason: string | null;
    }[],
  ) => ({
    order_id: order.id,
    number: order.number,
    channel: order.channel,
    table_id: order.tableId,
    session_id: order.sessionId,
    status: order.status,
    added_lines: added.map(lineEvent),
    voided_lines: voided.map(({ line, quantity, reason }) => ({
      line_id: line.id,
      menu_item_id: line.menuItemId,
      variant_id: line.variantId,
      option_ids: line.options.map((option) => option.id),
      name: line.name,
      quantity,
      station: line.station,
      kitchen_state: line.kitchenState,
      reason,
    })),
    subtotal: order.subtotal,
    discount_total: order.discountTotal,
    tax_total: order.taxTotal,
    total: order.total,
    changed_by: changedBy,
  });

  return {
    async placeOrder(ctx, raw) {
      const input = createOrderSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const customerOnly = createsOwnOnly(ctx);
      if (customerOnly && !customerChannels.includes(input.channel)) {
        throw fail('channel_not_allowed', 'Customers order online, for takeout or for delivery.', {
          errors: [{ field: 'channel', message: `one of ${customerChannels.join(', ')}` }],
        });
      }
      if (input.channel === 'dine_in' && !input.table_id && !input.session_id) {
        throw fail('channel_details_required', 'A dine-in order names its table or table session.', {
          errors: [{ field: 'table_id', message: 'required for dine_in (or session_id)' }],
        });
      }
      if (input.channel === 'delivery' && !input.delivery_address) {
        throw fail('channel_details_required', 'A delivery order needs an address.', {
          errors: [{ field: 'delivery_address', message: 'required for delivery' }],
        });
      }
      return place(ctx, tenantId, {
        channel: input.channel,
        source: customerOnly ? 'web' : ctx.actor.kind === 'service' ? 'api' : 'pos',
        lines: input.lines,
        seating: input.channel === 'dine_in' ? staffSeating(ctx, tenantId, input) : null,
        customer_id: customerOnly ? ctx.actor.id : (input.customer_id ?? null),
        customer: input.customer ?? null,
        delivery_address: input.delivery_address ?? null,
        notes: input.notes ?? null,
        promo_code: input.promo_code ?? null,
      });
    },

    async placeGuestOrder(ctx, { table_token, ...raw }) {
      const input = guestOrderSchema.parse(raw);
      const floor = deps.floor();
      const { tenant_id: tenantId, table } = await floor.resolveTableToken(ctx, { token: table_token });
      const placed = await place(ctx, tenantId, {
        channel: 'dine_in',
        source: 'qr',
        lines: input.lines,
        seating: async () => {
          const session = await floor.openSessionForGuest(ctx, { table_token });
          return { table_id: table.id, table_number: table.number, session_id: session.id };
        },
        customer_id: null,
        customer: input.customer ?? null,
        delivery_address: null,
        notes: input.notes ?? null,
        promo_code: input.promo_code ?? null,
      });
      return { ...placed, tenant_id: tenantId };
    },

    async updateOrder(ctx, { id, changes }) {
      const patch = updateOrderSchema.parse(changes);
      tenantOf(ctx);
      return db.tenantTx(ctx.tenantId!, async (tx) => {
        const order = await lockOrder(tx, id);
        refuseClosed(order);
        const [updated] = await tx
          .update(orders)
          .set({
            ...(patch.notes !== undefined && { notes: patch.notes || null }),
            ...(patch.customer !== undefined && { customer: patch.customer }),
            version: order.version + 1,
            updatedAt: clock.now(),
          })
          .where(eq(orders.id, id))
          .returning();
        return reread(tx, updated!);
      });
    },

    async addLines(ctx, { id, ...raw }) {
      const input = addLinesSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const changedBy = actorName(ctx);
      return modify(ctx, id, async (snapshot, lines) => {
        const restaurant = await restaurantOf(tenantId, ctx);
        const drafts = await price(ctx, tenantId, input.lines, restaurant.tax);
        const active = [...lines.filter((line) => line.status === 'active').map(discountLine), ...drafts];
        const grants = await discountsFor(ctx, orderFacts(snapshot), active);
        return async (tx, order, current) => {
          const now = clock.now();
          const start = Math.max(0, ...current.map((line) => line.position));
          const added = await tx
            .insert(orderLines)
            .values(
              drafts.map(
                (draft, index): NewLineRow => ({
                  ...lineValues(draft),
                  id: newId(),
                  tenantId,
                  orderId: order.id,
                  position: start + index + 1,
                  discount: 0,
                  tax: 0,
                  total: 0,
                  kitchenState: 'queued',
                  status: 'active',
                  createdAt: now,
                }),
              ),
            )
            .returning();
          const updated = await writeTotals(tx, order, [...current, ...added], grants);
          const settledAdded = (await linesOf(tx, order.id)).filter((line) =>
            added.some((row) => row.id === line.id),
          );
          await publish(tx, ctx, ordersEvents.orderModified, modified(updated, changedBy, settledAdded, []), {
            aggregateId: order.id,
            tenantId,
          });
          return reread(tx, updated);
        };
      });
    },

    async voidLine(ctx, { id, line_id, ...raw }) {
      const input = voidLineSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const changedBy = actorName(ctx);
      return modify(ctx, id, async (snapshot, lines) => {
        const line = lines.find((candidate) => candidate.id === line_id);
        if (!line) throw fail('line_not_found', `Order ${snapshot.number} has no line ${line_id}.`);
        if (line.status === 'voided')
          throw fail('line_already_voided', `Line ${line.position} is voided already.`);
        const quantity = input.quantity ?? line.quantity;
        if (quantity > line.quantity) {
          throw fail('void_quantity_too_large', `Line ${line.position} holds ${line.quantity}.`, {
            errors: [{ field: 'quantity', message: `at most ${line.quantity}` }],
          });
        }
        if (line.kitchenState !== 'queued') {
          if (!hasPermission(ctx.actor, can.void)) {
            throw fail(
              'void_needs_manager',
              `The kitchen has ${line.kitchenState} ${line.name}: a manager voids it (orders:void).`,
            );
          }
          if (!input.reason) {
            throw fail('reason_required', 'Say why the kitchen’s work is voided.', {
              errors: [{ field: 'reason', message: 'required once the kitchen started the line' }],
            });
          }
        }
        const reason = input.reason ?? null;
        const partial = quantity < line.quantity;
        const remaining = {
          ...line,
          quantity: line.quantity - quantity,
          subtotal: line.unitPrice * (line.quantity - quantity),
        };
        const active = lines.filter((candidate) => candidate.status === 'active' && candidate.id !== line.id);
        const after = partial
          ? lines
              .map((candidate) => (candidate.id === line.id ? remaining : candidate))
              .filter((c) => c.status === 'active')
          : active;
        const grants = await discountsFor(ctx, orderFacts(snapshot), after.map(discountLine));
        return async (tx, order, current) => {
          const now = clock.now();
          const voidFields = {
            status: 'voided' as const,
            voidReason: reason,
            voidedAt: now,
            voidedBy: changedBy,
          };
          let rows: LineRow[];
          if (partial) {
            // The voided part becomes a line of its own; the rest stays active.
            const start = Math.max(...current.map((candidate) => candidate.position));
            const [split] = await tx
              .insert(orderLines)
              .values({
                ...line,
                id: newId(),
                position: start + 1,
                quantity,
                subtotal: line.unitPrice * quantity,
                discount: 0,
                tax: 0,
                total: 0,
                ...voidFields,
                createdAt: now,
              })
              .returning();
            await tx
              .update(orderLines)
              .set({ quantity: remaining.quantity, subtotal: remaining.subtotal })
              .where(eq(orderLines.id, line.id));
            rows = [
              ...current.map((candidate) => (candidate.id === line.id ? remaining : candidate)),
              split!,
            ];
          } else {
            await tx
              .update(orderLines)
              .set({ ...voidFields, discount: 0, tax: 0, total: 0 })
              .where(eq(orderLines.id, line.id));
            rows = current.map((candidate) =>
              candidate.id === line.id ? { ...candidate, ...voidFields } : candidate,
            );
          }
          const updated = await writeTotals(tx, order, rows, grants);
          await publish(
            tx,
            ctx,
            ordersEvents.orderModified,
            modified(updated, changedBy, [], [{ line, quantity, reason }]),
            { aggregateId: order.id, tenantId },
          );
          return reread(tx, updated);
        };
      });
    },

    async changeStatus(ctx, { id, ...raw }) {
      const { status, reason } = changeStatusSchema.parse(raw);
      tenantOf(ctx);
      return db.tenantTx(ctx.tenantId!, async (tx) => {
        const order = await lockOrder(tx, id);
        if (order.status === status) return reread(tx, order);
        refuseClosed(order);
        const facts = { channel: order.channel, has_delivery_address: order.deliveryAddress !== null };
        if (!canTransition(order.status, status, facts)) {
          throw fail(
            'invalid_transition',
            `Order ${order.number} cannot go from ${order.status} to ${status}.`,
            {
              details: { from: order.status, to: status, allowed: nextStatuses(order.status, facts) },
            },
          );
        }
        return reread(tx, await moveStatus(tx, ctx, order, status, actorName(ctx), reason ?? null));
      });
    },

    async cancelOrder(ctx, { id, ...raw }) {
      const { reason } = cancelOrderSchema.parse(raw);
      tenantOf(ctx);
      return db.tenantTx(ctx.tenantId!, async (tx) => {
        const order = await lockOrder(tx, id);
        if (order.status === 'cancelled') return reread(tx, order);
        refuseClosed(order);
        return reread(tx, await moveStatus(tx, ctx, order, 'cancelled', actorName(ctx), reason));
      });
    },

    async recordKitchenProgress(ctx, { order_id, line_ids, state }) {
      const tenantId = tenantOf(ctx);
      await db.tenantTx(tenantId, async (tx) => {
        const order = await lockOrder(tx, order_id);
        // A closed order's kitchen work no longer matters; the kitchen may report it all the same.
        if (isClosedStatus(order.status)) return;
        const changed =
          line_ids.length === 0
            ? []
            : await tx
                .update(orderLines)
                .set({ kitchenState: state })
                .where(
                  and(
                    eq(orderLines.orderId, order_id),
                    inArray(orderLines.id, line_ids),
                    eq(orderLines.status, 'active'),
                    ne(orderLines.kitchenState, state),
                    // A line the kitchen finished is not started again, only queued again (a recall).
                    ...(state === 'started'
                      ? [ne(orderLines.kitchenState, 'done' satisfies KitchenState)]
                      : []),
                  ),
                )
                .returning({ id: orderLines.id });
        if (state === 'started' && order.status === 'confirmed') {
          await moveStatus(tx, ctx, order, 'preparing', ctx.actor.id ?? 'kitchen', null);
        } else if (changed.length > 0) {
          // A new version: a void or an addition computed before this report is computed again
          // (whether a line was started decides who may void it and what the kitchen is told).
          await tx
            .update(orders)
            .set({ version: order.version + 1, updatedAt: clock.now() })
            .where(eq(orders.id, order_id));
        }
      });
    },
  };
}

/** What the discount policy is told about an existing order. */
const orderFacts = (order: OrderRow) => ({
  channel: order.channel,
  customer_id: order.customerId,
  promo_code: order.promoCode,
  currency: order.currency,
});

const discountLine = (line: LineRow) => ({
  menu_item_id: line.menuItemId,
  category_id: line.categoryId,
  quantity: line.quantity,
  subtotal: line.subtotal,
});

const settleLine = (line: LineRow): SettleLine => ({
  subtotal: line.subtotal,
  tax_category: line.taxCategory,
  tax_name: line.taxName,
  tax_rate_bps: line.taxRateBps,
});

/** A priced draft's columns. */
function lineValues(draft: PricedDraft) {
  return {
    menuItemId: draft.menu_item_id,
    categoryId: draft.category_id,
    name: draft.name,
    variantId: draft.variant_id,
    variantName: draft.variant_name,
    options: draft.options,
    quantity: draft.quantity,
    unitPrice: draft.unit_price,
    subtotal: draft.subtotal,
    taxCategory: draft.tax_category,
    taxName: draft.tax_name,
    taxRateBps: draft.tax_rate_bps,
    notes: draft.notes,
    seat: draft.seat,
    course: draft.course,
    station: draft.station,
    prepTimeSeconds: draft.prep_time_seconds,
  };
}
