/** Receipts, the day's revenue by method, and cash drawers with their Z report. */

import type { Tx } from '@brigade/db';
import { businessDate, businessDayBounds, newId, type RequestContext } from '@brigade/kernel';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import {
  cashMovementSchema,
  closeDrawerSchema,
  type Drawer,
  paymentsErrors as fail,
  openDrawerSchema,
  type PaymentMethodName,
  type PaymentStats,
  type PaymentsService,
} from './contract/index.js';
import { findCheck } from './db/check-rows.js';
import { cashMovements, type DrawerRow, drawers, payments, refunds } from './db/tables.js';
import { toRefund } from './refunds.service.js';
import { chargedOf, paymentNotFound, toPayment } from './settle.js';
import { actorOf, on, type PaymentsDeps, tenantOf } from './support.js';

type Reports = Pick<
  PaymentsService,
  'getReceipt' | 'getStats' | 'openDrawer' | 'getDrawer' | 'recordCashMovement' | 'closeDrawer'
>;

async function drawerView(tx: Tx, row: DrawerRow): Promise<Drawer> {
  const moves = await tx
    .select()
    .from(cashMovements)
    .where(eq(cashMovements.drawerId, row.id))
    .orderBy(asc(cashMovements.at), asc(cashMovements.id));
  const total = (kind: string) =>
    moves.filter((move) => move.kind === kind).reduce((sum, move) => sum + Math.abs(move.amount), 0);
  const expected = row.openingFloat + moves.reduce((sum, move) => sum + move.amount, 0);
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    status: row.status,
    opening_float: row.openingFloat,
    cash_sales: total('sale'),
    cash_refunds: total('refund'),
    cash_in: total('cash_in'),
    cash_out: total('cash_out'),
    expected: row.expected ?? expected,
    counted: row.counted,
    difference: row.difference,
    movements: moves.map((move) => ({
      kind: move.kind,
      amount: move.amount,
      payment_id: move.paymentId,
      reason: move.reason,
      at: move.at.toISOString(),
    })),
    opened_at: row.openedAt.toISOString(),
    closed_at: row.closedAt?.toISOString() ?? null,
  };
}

async function lockDrawer(tx: Tx, id: string): Promise<DrawerRow> {
  const [row] = await tx.select().from(drawers).where(eq(drawers.id, id)).for('update');
  if (!row) throw fail('drawer_not_found', `No drawer ${id}.`);
  return row;
}

export function createReports(deps: PaymentsDeps): Reports {
  const { db, clock } = deps;
  const restaurantOf = (tenantId: string, ctx: RequestContext) =>
    deps.tenants().getRestaurant(on(tenantId, ctx), { id: tenantId });

  return {
    async getReceipt(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const restaurant = await restaurantOf(tenantId, ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const [row] = await tx.select().from(payments).where(eq(payments.id, id));
        if (!row) throw paymentNotFound(id);
        const check = await findCheck(tx, row.checkId);
        const refundRows = await tx
          .select()
          .from(refunds)
          .where(eq(refunds.paymentId, id))
          .orderBy(asc(refunds.createdAt));
        return {
          restaurant: { name: restaurant.name, timezone: restaurant.timezone },
          payment: toPayment(row),
          check: {
            id: check.id,
            lines: check.lines,
            subtotal: check.subtotal,
            tax_total: check.taxTotal,
            service_charge: check.serviceCharge,
            service_charge_tax: check.serviceChargeTax,
            total: check.total,
            paid: check.paid,
            due: check.total - check.paid,
          },
          refunds: refundRows.map(toRefund),
          charged: chargedOf(row),
          issued_at: clock.now().toISOString(),
        };
      });
    },

    async getStats(ctx, { date }) {
      const tenantId = tenantOf(ctx);
      const restaurant = await restaurantOf(tenantId, ctx);
      const day = date ?? businessDate(clock.now(), restaurant.timezone);
      const { from, to } = businessDayBounds(day, restaurant.timezone);
      return db.tenantTx(tenantId, async (tx) => {
        const paid = await tx
          .select({
            method: payments.method,
            count: sql<number>`count(*)::int`,
            amount: sql<string>`coalesce(sum(${payments.amount} + ${payments.roundingAdjustment}), 0)::bigint`,
            tips: sql<string>`coalesce(sum(${payments.tip}), 0)::bigint`,
          })
          .from(payments)
          .where(
            and(
              eq(payments.status, 'succeeded'),
              gte(payments.succeededAt, from),
              lt(payments.succeededAt, to),
            ),
          )
          .groupBy(payments.method);
        const refunded = await tx
          .select({
            method: payments.method,
            amount: sql<string>`coalesce(sum(${refunds.amount}), 0)::bigint`,
          })
          .from(refunds)
          .innerJoin(payments, eq(payments.id, refunds.paymentId))
          .where(
            and(eq(refunds.status, 'succeeded'), gte(refunds.updatedAt, from), lt(refunds.updatedAt, to)),
          )
          .groupBy(payments.method);
        const methods = [...new Set([...paid, ...refunded].map((row) => row.method))].sort();
        const rows = methods.map((method: PaymentMethodName) => {
          const sale = paid.find((row) => row.method === method);
          const back = Number(refunded.find((row) => row.method === method)?.amount ?? 0);
          const amount = Number(sale?.amount ?? 0);
          const tips = Number(sale?.tips ?? 0);
          return {
            method,
            payments: sale?.count ?? 0,
            amount,
            tips,
            refunded: back,
            net: amount + tips - back,
          };
        });
        const sum = (pick: (row: (typeof rows)[number]) => number) =>
          rows.reduce((total, row) => total + pick(row), 0);
        const stats: PaymentStats = {
          business_date: day,
          timezone: restaurant.timezone,
          currency: restaurant.currency,
          methods: rows,
          total: {
            payments: sum((row) => row.payments),
            amount: sum((row) => row.amount),
            tips: sum((row) => row.tips),
            refunded: sum((row) => row.refunded),
            net: sum((row) => row.net),
          },
        };
        return stats;
      });
    },

    async openDrawer(ctx, raw) {
      const input = openDrawerSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const restaurant = await restaurantOf(tenantId, ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const [row] = await tx
          .insert(drawers)
          .values({
            id: newId(),
            tenantId,
            name: input.name,
            currency: restaurant.currency,
            status: 'open',
            openingFloat: input.opening_float,
            openedBy: actorOf(ctx),
            openedAt: clock.now(),
          })
          .onConflictDoNothing()
          .returning();
        if (!row) throw fail('drawer_open', `A drawer named ${input.name} is open already.`);
        return drawerView(tx, row);
      });
    },

    async getDrawer(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const [row] = await tx.select().from(drawers).where(eq(drawers.id, id));
        if (!row) throw fail('drawer_not_found', `No drawer ${id}.`);
        return drawerView(tx, row);
      });
    },

    async recordCashMovement(ctx, { id, ...raw }) {
      const input = cashMovementSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const row = await lockDrawer(tx, id);
        if (row.status === 'closed') throw fail('drawer_closed', 'The drawer is closed.');
        await tx.insert(cashMovements).values({
          id: newId(),
          tenantId,
          drawerId: id,
          kind: input.kind,
          amount: input.kind === 'cash_out' ? -input.amount : input.amount,
          reason: input.reason,
          createdBy: actorOf(ctx),
          at: clock.now(),
        });
        return drawerView(tx, row);
      });
    },

    async closeDrawer(ctx, { id, ...raw }) {
      const { counted } = closeDrawerSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      return db.tenantTx(tenantId, async (tx) => {
        const row = await lockDrawer(tx, id);
        if (row.status === 'closed') throw fail('drawer_closed', 'The drawer is closed already.');
        const { expected } = await drawerView(tx, row);
        const [closed] = await tx
          .update(drawers)
          .set({
            status: 'closed',
            expected,
            counted,
            difference: counted - expected,
            closedBy: actorOf(ctx),
            closedAt: clock.now(),
          })
          .where(eq(drawers.id, id))
          .returning();
        return drawerView(tx, closed!);
      });
    },
  };
}
