/**
 * Guests at a table, by its QR code (no sign-in): see the visit's check, ask for the bill, pay
 * it (or a share) online. The floor contract resolves the code to the restaurant, the table and
 * its open visit; the check is the table session's own (opened on first sight, one however many
 * phones ask at once); paying goes through processPayment, so the exactly-once rules are the
 * staff's. Guests' idempotency keys live in a namespace of their check.
 */
import type { RequestContext } from '@brigade/kernel';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { isDomain } from './checks.service.js';
import {
  billRequestSchema,
  type Check,
  paymentsErrors as fail,
  type GuestCheck,
  guestTablePaymentSchema,
  type PaymentsService,
  paymentsEvents,
  verifyRazorpaySchema,
} from './contract/index.js';
import { lockCheck } from './db/check-rows.js';
import { checks } from './db/tables.js';
import { percentOf } from './providers/money.js';
import { on, type PaymentsDeps } from './support.js';

type GuestTables = Pick<
  PaymentsService,
  'getTableCheck' | 'requestBill' | 'payTableAsGuest' | 'verifyRazorpayForTable'
>;

interface Visit {
  /** Acting for the code's restaurant, as the (anonymous) guest. */
  ctx: RequestContext;
  tenantId: string;
  table: { id: string; number: string };
  sessionId: string;
}

export function createGuestTables(
  deps: PaymentsDeps,
  staff: Pick<
    PaymentsService,
    'openCheck' | 'getCheck' | 'listMethods' | 'processPayment' | 'verifyRazorpay'
  >,
): GuestTables {
  const { db, clock, publish } = deps;

  /** The restaurant and table a code names (404 for unknown or rotated codes). */
  async function tableOf(ctx: RequestContext, token: string) {
    const { tenant_id: tenantId, table } = await deps.floor().resolveTableToken(ctx, { token });
    return { tenantId, table: { id: table.id, number: table.number }, ctx: { ...ctx, tenantId } };
  }

  async function visitOf(ctx: RequestContext, token: string): Promise<Visit> {
    const found = await tableOf(ctx, token);
    const { open_session_id: sessionId } = await deps
      .floor()
      .getTable(on(found.tenantId, ctx), { id: found.table.id });
    if (!sessionId) {
      throw fail('table_visit_not_open', 'Nobody is seated at this table right now: there is no bill.');
    }
    return { ...found, sessionId };
  }

  /** The check that settled the visit (the guest's phone shows it paid until the table is free). */
  async function settledCheckOf(visit: Visit) {
    const [row] = await db.tenantTx(visit.tenantId, (tx) =>
      tx
        .select({ id: checks.id })
        .from(checks)
        .where(
          and(eq(checks.sessionId, visit.sessionId), isNull(checks.orderId), eq(checks.status, 'closed')),
        )
        .orderBy(desc(checks.closedAt))
        .limit(1),
    );
    return row?.id;
  }

  /** The visit's check: the open one (opened now if need be; it follows the orders while unpaid), or the paid one. */
  async function checkOf(visit: Visit): Promise<Check> {
    let check: Check;
    try {
      check = await staff.openCheck(visit.ctx, { session_id: visit.sessionId });
    } catch (error) {
      const settled = isDomain(error, 'nothing_to_pay') ? await settledCheckOf(visit) : undefined;
      if (!settled) throw error;
      return staff.getCheck(visit.ctx, { id: settled });
    }
    if (check.table_number !== visit.table.number) {
      await db.tenantTx(visit.tenantId, (tx) =>
        tx.update(checks).set({ tableNumber: visit.table.number }).where(eq(checks.id, check.id)),
      );
      check = { ...check, table_number: visit.table.number };
    }
    return check;
  }

  async function onlineMethods(ctx: RequestContext) {
    return (await staff.listMethods(ctx)).flatMap((method) =>
      method.available && (method.method === 'stripe' || method.method === 'razorpay') ? [method.method] : [],
    );
  }

  async function guestView(visit: Visit, check: Check): Promise<GuestCheck> {
    return {
      id: check.id,
      status: check.status,
      currency: check.currency,
      table: visit.table,
      lines: check.lines.map(({ name, quantity, seat, total }) => ({ name, quantity, seat, total })),
      subtotal: check.subtotal,
      tax_total: check.tax_total,
      discount_total: check.discount_total,
      service_charge: check.service_charge,
      service_charge_tax: check.service_charge_tax,
      total: check.total,
      paid: check.paid,
      due: check.due,
      tip_options: check.tip_options,
      parts: check.parts.map(({ id, label, amount, paid, due }) => ({ id, label, amount, paid, due })),
      bill_requested_at: check.bill_requested_at,
      bill_request_method: check.bill_request_method,
      bill_request_tip: check.bill_request_tip,
      online_methods: check.status === 'open' ? await onlineMethods(visit.ctx) : [],
      closed_at: check.closed_at,
    };
  }

  return {
    async getTableCheck(ctx, { table_token }) {
      const visit = await visitOf(ctx, table_token);
      return guestView(visit, await checkOf(visit));
    },

    async requestBill(ctx, { table_token, ...raw }) {
      const input = billRequestSchema.parse(raw);
      const visit = await visitOf(ctx, table_token);
      const { id } = await checkOf(visit);
      await db.tenantTx(visit.tenantId, async (tx) => {
        const check = await lockCheck(tx, id);
        if (check.status === 'closed') throw fail('check_closed', 'The bill is paid already.');
        const due = check.total - check.paid;
        const tip =
          input.tip === undefined
            ? 0
            : 'amount' in input.tip
              ? input.tip.amount
              : percentOf(due, input.tip.percent_bps);
        const now = clock.now();
        await tx
          .update(checks)
          .set({
            billRequestedAt: now,
            billRequestMethod: input.method,
            billRequestTip: tip,
            tableNumber: visit.table.number,
            updatedAt: now,
          })
          .where(eq(checks.id, id));
        await publish(
          tx,
          visit.ctx,
          paymentsEvents.billRequested,
          {
            check_id: id,
            session_id: check.sessionId,
            table_id: visit.table.id,
            table_number: visit.table.number,
            method: input.method,
            due,
            tip,
            currency: check.currency,
          },
          { aggregateId: id, tenantId: visit.tenantId },
        );
      });
      return guestView(visit, await staff.getCheck(visit.ctx, { id }));
    },

    async payTableAsGuest(ctx, { table_token, ...raw }) {
      const input = guestTablePaymentSchema.parse(raw);
      const visit = await visitOf(ctx, table_token);
      const check = await checkOf(visit);
      return staff.processPayment(visit.ctx, {
        ...input,
        check_id: check.id,
        idempotency_key: `guest:${check.id}:${input.idempotency_key}`,
      });
    },

    async verifyRazorpayForTable(ctx, { table_token, ...raw }) {
      const input = verifyRazorpaySchema.parse(raw);
      // The visit may have ended meanwhile (a webhook settled it first): the code's restaurant is enough.
      const { ctx: guest } = await tableOf(ctx, table_token);
      return staff.verifyRazorpay(guest, input);
    },
  };
}
