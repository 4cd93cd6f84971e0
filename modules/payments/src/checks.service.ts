/** Checks: what an order or a table session owes, and how it is split. */
import type { Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { DomainError, newId, type RequestContext } from '@brigade/kernel';
import type { Order } from '@brigade/orders';
import { and, asc, eq, gt, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Check,
  type CheckLine,
  paymentsErrors as fail,
  listChecksSchema,
  openCheckSchema,
  type PaymentsService,
  paymentsEvents,
  splitCheckSchema,
} from './contract/index.js';
import { findCheck, inFlight, lockCheck, partsOf, toCheck } from './db/check-rows.js';
import { checkParts, checks, payments } from './db/tables.js';
import {
  isProblem,
  type SplitLine,
  splitByAmounts,
  splitByItems,
  splitBySeat,
  splitEvenly,
} from './domain/split.js';
import { checkoutTotal, type ServiceChargeRule } from './providers/money.js';
import { actorOf, on, type PaymentsDeps, tenantOf } from './support.js';

type Checks = Pick<PaymentsService, 'openCheck' | 'getCheck' | 'splitCheck' | 'listChecks'>;

type Target = { order_id?: string; session_id?: string };

export function createChecks(deps: PaymentsDeps): Checks & {
  openCheckForOrder(ctx: RequestContext, tenantId: string, orderId: string): Promise<string>;
} {
  const { db, clock, publish, options } = deps;
  const show = async (tenantId: string, id: string): Promise<Check> =>
    db.tenantTx(tenantId, async (tx) =>
      toCheck(await findCheck(tx, id), await partsOf(tx, id), options.tipPresetsBps),
    );

  /** The open check of an order or of a whole table session, if there is one. */
  async function openCheckOf(tenantId: string, target: Target) {
    return db.tenantTx(tenantId, async (tx) => {
      const [row] = await tx
        .select({ id: checks.id })
        .from(checks)
        .where(
          and(
            eq(checks.tenantId, tenantId),
            eq(checks.status, 'open'),
            target.order_id
              ? eq(checks.orderId, target.order_id)
              : and(eq(checks.sessionId, target.session_id!), isNull(checks.orderId)),
          ),
        );
      return row?.id;
    });
  }

  /**
   * Orders already on another check: an order's own check keeps it off its table's check, and a
   * table's check (open or paid) keeps its orders off a later one and off checks of their own.
   */
  async function takenOrders(tx: Tx, orderIds: string[], sessionId: string | null, except: string | null) {
    const byOrderCheck = new Map<string, { id: string; status: string }>();
    const byTableCheck = new Map<string, string>();
    let openTableCheck: string | null = null;
    if (orderIds.length === 0) return { byOrderCheck, byTableCheck, openTableCheck };
    const rows = await tx
      .select({ id: checks.id, orderId: checks.orderId, orderIds: checks.orderIds, status: checks.status })
      .from(checks)
      .where(
        or(
          inArray(checks.orderId, orderIds),
          sessionId ? and(eq(checks.sessionId, sessionId), isNull(checks.orderId)) : sql`false`,
        ),
      );
    for (const row of rows) {
      if (row.id === except) continue;
      if (row.orderId) byOrderCheck.set(row.orderId, { id: row.id, status: row.status });
      else {
        for (const id of row.orderIds) byTableCheck.set(id, row.status);
        if (row.status === 'open') openTableCheck = row.id;
      }
    }
    return { byOrderCheck, byTableCheck, openTableCheck };
  }

  /** What the check holds, from the orders as the orders contract reads them now. */
  function figures(active: Order[], rule: ServiceChargeRule | undefined) {
    const lines: CheckLine[] = active.flatMap((order) =>
      order.lines
        .filter((line) => line.status === 'active')
        .map((line) => ({
          line_id: line.id,
          order_id: order.id,
          name: line.variant_name ? `${line.name} (${line.variant_name})` : line.name,
          quantity: line.quantity,
          seat: line.seat,
          total: line.total,
          tax: line.tax,
        })),
    );
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const subtotal = sum(active.map((order) => order.total));
    const breakdown = checkoutTotal({ order_total: subtotal, service_charge: rule });
    return {
      orderIds: active.map((order) => order.id),
      lines,
      subtotal,
      taxTotal: sum(active.map((order) => order.tax_total)),
      discountTotal: sum(active.map((order) => order.discount_total)),
      serviceChargeBps: rule?.rate_bps ?? 0,
      serviceChargeTaxable: rule?.taxable ?? false,
      serviceChargeTaxBps: rule?.tax_rate_bps ?? 0,
      serviceCharge: breakdown.service_charge,
      serviceChargeTax: breakdown.service_charge_tax,
      total: breakdown.pre_tip_total,
    };
  }

  async function openCheck(ctx: RequestContext, raw: unknown): Promise<Check> {
    const input = openCheckSchema.parse(raw);
    const tenantId = tenantOf(ctx);
    const target: Target = input.order_id ? { order_id: input.order_id } : { session_id: input.session_id! };
    const existing = await openCheckOf(tenantId, target);

    // Read the orders through their contract, outside our transaction.
    const orders = deps.orders();
    const found = input.order_id
      ? [await orders.getOrder(on(tenantId, ctx), { id: input.order_id })]
      : (await orders.listOrders(on(tenantId, ctx), { session_id: input.session_id!, limit: 200 })).data;
    const sessionId = input.session_id ?? found[0]?.session_id ?? null;

    const id = await db.tenantTx(tenantId, async (tx) => {
      const taken = await takenOrders(
        tx,
        found.map((order) => order.id),
        sessionId,
        existing ?? null,
      );
      // The table's check, opened by a concurrent request meanwhile: that is the check.
      if (input.session_id && !existing && taken.openTableCheck) return taken.openTableCheck;
      if (input.order_id) {
        const own = existing ? undefined : taken.byOrderCheck.get(input.order_id);
        // Opened by a concurrent request meanwhile: that is the check.
        if (own?.status === 'open') return own.id;
        if (own) throw fail('check_closed', 'This order is paid: its check is closed.');
        const onTable = taken.byTableCheck.get(input.order_id);
        if (onTable) {
          throw fail(
            onTable === 'open' ? 'order_on_other_check' : 'check_closed',
            onTable === 'open'
              ? 'This order is on its table’s open check.'
              : 'This order was paid on its table’s check.',
          );
        }
      }
      const active = found.filter(
        (order) =>
          order.status !== 'cancelled' &&
          (input.order_id !== undefined ||
            (!taken.byOrderCheck.has(order.id) && !taken.byTableCheck.has(order.id))),
      );
      if (existing) {
        // An open check nobody paid anything on follows the orders (lines added since, voids).
        const check = await lockCheck(tx, existing);
        const untouched =
          check.paid === 0 &&
          (await partsOf(tx, existing)).length === 0 &&
          (await inFlight(tx, existing, null, clock.now())) === 0;
        if (untouched && active.length > 0) {
          const rule = input.service_charge ?? {
            rate_bps: check.serviceChargeBps,
            taxable: check.serviceChargeTaxable,
            tax_rate_bps: check.serviceChargeTaxBps,
          };
          await tx
            .update(checks)
            .set({ ...figures(active, rule), updatedAt: clock.now() })
            .where(eq(checks.id, existing));
        }
        return existing;
      }
      const content = figures(active, input.service_charge);
      if (content.lines.length === 0) {
        throw fail('nothing_to_pay', 'There is nothing to pay: no active order lines left to settle.', {
          details: target,
        });
      }
      const now = clock.now();
      const newCheck = newId();
      const first = active[0]!;
      const row = {
        ...content,
        id: newCheck,
        tenantId,
        orderId: input.order_id ?? null,
        sessionId,
        tableId: first.table_id,
        status: 'open' as const,
        currency: first.currency,
        paid: 0,
        tipTotal: 0,
        splitMode: null,
        openedBy: actorOf(ctx),
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      const inserted = await tx.insert(checks).values(row).onConflictDoNothing().returning({ id: checks.id });
      if (inserted.length === 0) return null;
      await publish(
        tx,
        ctx,
        paymentsEvents.checkOpened,
        {
          check_id: newCheck,
          order_ids: row.orderIds,
          session_id: row.sessionId,
          table_id: row.tableId,
          currency: row.currency,
          total: row.total,
        },
        { aggregateId: newCheck, tenantId },
      );
      return newCheck;
    });
    // Another request opened it meanwhile: theirs is the check.
    return show(tenantId, id ?? (await openCheckOf(tenantId, target))!);
  }

  return {
    openCheck,

    async openCheckForOrder(ctx, tenantId, orderId) {
      return (
        (await openCheckOf(tenantId, { order_id: orderId })) ??
        (await openCheck(ctx, { order_id: orderId })).id
      );
    },

    async getCheck(ctx, { id }) {
      return show(tenantOf(ctx), id);
    },

    async listChecks(ctx, raw) {
      const query = listChecksSchema.parse(raw);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [eq(checks.status, query.status)];
      if (query.bill_requested !== undefined) {
        filters.push(
          query.bill_requested ? isNotNull(checks.billRequestedAt) : isNull(checks.billRequestedAt),
        );
      }
      if (query.table_id) filters.push(eq(checks.tableId, query.table_id));
      if (after) filters.push(gt(checks.id, after));
      return db.tenantTx(tenantOf(ctx), async (tx) => {
        const rows = await tx
          .select()
          .from(checks)
          .where(and(...filters))
          .orderBy(asc(checks.id))
          .limit(query.limit + 1);
        const parts =
          rows.length === 0
            ? []
            : await tx
                .select()
                .from(checkParts)
                .where(
                  inArray(
                    checkParts.checkId,
                    rows.map((row) => row.id),
                  ),
                )
                .orderBy(asc(checkParts.position));
        return pageFrom(
          rows,
          query.limit,
          (row) =>
            toCheck(
              row,
              parts.filter((part) => part.checkId === row.id),
              options.tipPresetsBps,
            ),
          (row) => row.id,
        );
      });
    },

    async splitCheck(ctx, { id, ...raw }) {
      const input = splitCheckSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const check = await lockCheck(tx, id);
        if (check.status === 'closed') throw fail('check_closed', 'The check is paid and closed.');
        const existing = await partsOf(tx, id);
        if (existing.some((part) => part.paid > 0) || (await inFlight(tx, id, null, clock.now())) > 0) {
          throw fail('split_locked', 'A payment was taken on this split already: it can no longer change.');
        }
        const due = check.total - check.paid;
        const lines: SplitLine[] = check.lines.map((line) => ({
          line_id: line.line_id,
          name: line.name,
          seat: line.seat,
          total: line.total,
        }));
        const extra = check.total - check.subtotal;
        if ((input.mode === 'item' || input.mode === 'seat') && check.paid > 0) {
          throw fail('split_invalid', 'Part of the check is paid: split the rest evenly or by amounts.');
        }
        const parts =
          input.mode === 'even'
            ? splitEvenly(due, input.parts)
            : input.mode === 'amount'
              ? splitByAmounts(due, input.amounts)
              : input.mode === 'seat'
                ? splitBySeat(lines, extra)
                : splitByItems(lines, input.parts, extra);
        if (isProblem(parts)) {
          throw fail('split_invalid', parts.message, {
            errors: [{ field: parts.field ?? 'mode', message: parts.message }],
          });
        }
        // Failed attempts keep no claim on a part that is about to go.
        await tx
          .update(payments)
          .set({ partId: null })
          .where(and(eq(payments.checkId, id), eq(payments.status, 'failed')));
        if (existing.length > 0) {
          await tx.delete(checkParts).where(
            inArray(
              checkParts.id,
              existing.map((part) => part.id),
            ),
          );
        }
        await tx.insert(checkParts).values(
          parts.map((part, index) => ({
            id: newId(),
            tenantId,
            checkId: id,
            position: index + 1,
            label: part.label,
            amount: part.amount,
            paid: 0,
            items: part.items,
          })),
        );
        const [updated] = await tx
          .update(checks)
          .set({ splitMode: input.mode, updatedAt: clock.now() })
          .where(eq(checks.id, id))
          .returning();
        return toCheck(updated!, await partsOf(tx, id), options.tipPresetsBps);
      });
    },
  };
}

export const isDomain = (error: unknown, ...codes: string[]) =>
  error instanceof DomainError && (codes.length === 0 || codes.includes(error.code));
