/**
 * Recording what a provider said about a payment, inside the caller's transaction. Whoever
 * tells first (the process call, the client's confirmation, a webhook, a status poll) credits
 * the check; everyone after finds the payment succeeded and does nothing. A succeeded payment
 * never moves backwards (also enforced by a trigger).
 */
import type { Tx } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { and, desc, eq, sql } from 'drizzle-orm';
import { paymentsErrors as fail, type Payment, paymentsEvents } from './contract/index.js';
import { lockCheck } from './db/check-rows.js';
import { cashMovements, checkParts, checks, drawers, type PaymentRow, payments } from './db/tables.js';
import type { CreatedPayment } from './providers/provider.js';
import { actorOf, type PaymentsTx } from './support.js';

export const paymentNotFound = (id: string) => fail('payment_not_found', `No payment ${id}.`);

export async function lockPayment(tx: Tx, id: string): Promise<PaymentRow> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
  if (!row) throw paymentNotFound(id);
  return row;
}

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    check_id: row.checkId,
    part_id: row.partId,
    method: row.method,
    status: row.status,
    amount: row.amount,
    tip: row.tip,
    rounding_adjustment: row.roundingAdjustment,
    currency: row.currency,
    tendered: row.tendered,
    change_due: row.changeDue,
    refunded: row.refunded,
    provider_ref: row.providerRef,
    failure_reason: row.failureReason,
    checkout: (row.checkout as Payment['checkout']) ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    succeeded_at: row.succeededAt?.toISOString() ?? null,
  };
}

/** What the guest handed over in all for a payment. */
export const chargedOf = (row: Pick<PaymentRow, 'amount' | 'tip' | 'roundingAdjustment'>) =>
  row.amount + row.tip + row.roundingAdjustment;

const eventFacts = (
  row: PaymentRow,
  check: { orderIds: string[]; sessionId: string | null; tableId: string | null },
) => ({
  check_id: row.checkId,
  order_ids: check.orderIds,
  session_id: check.sessionId,
  table_id: check.tableId,
  payment_id: row.id,
  part_id: row.partId,
  method: row.method,
  amount: row.amount,
  tip: row.tip,
  currency: row.currency,
});

/** The provider's answer to createPayment, recorded (never moving a settled payment back). */
export async function recordCreated(p: PaymentsTx, id: string, created: CreatedPayment): Promise<PaymentRow> {
  const { tx, deps } = p;
  const row = await lockPayment(tx, id);
  const unsettled =
    row.status === 'processing' || row.status === 'requires_action' || row.status === 'pending';
  const [updated] = await tx
    .update(payments)
    .set({
      providerRef: row.providerRef ?? created.provider_ref,
      rawStatus: created.raw_status,
      checkout: (created.checkout as Record<string, unknown> | undefined) ?? row.checkout,
      ...(created.cash && {
        tendered: created.cash.tendered,
        changeDue: created.cash.change_due,
        roundingAdjustment: created.cash.rounding_adjustment,
      }),
      ...(unsettled &&
        created.status !== 'succeeded' &&
        created.status !== 'failed' && { status: created.status }),
      updatedAt: deps.clock.now(),
    })
    .where(eq(payments.id, id))
    .returning();
  if (created.status === 'succeeded') return (await recordSuccess(p, id, {})) ?? updated!;
  if (created.status === 'failed') return (await recordFailure(p, id, 'failed at the provider')) ?? updated!;
  return updated!;
}

/**
 * The payment succeeded: credit the check (and its part) once, put cash into the drawer,
 * announce it; close the check when nothing is due. Returns null when it had succeeded already.
 */
export async function recordSuccess(
  p: PaymentsTx,
  id: string,
  facts: { payment_ref?: string | undefined; raw_status?: string | undefined },
): Promise<PaymentRow | null> {
  const { tx, ctx, tenantId, deps } = p;
  const row = await lockPayment(tx, id);
  if (row.status === 'succeeded') return null;
  const now = deps.clock.now();
  const check = await lockCheck(tx, row.checkId);
  // A retried attempt that succeeds after another payment settled the check credits only what was due.
  const credit = Math.min(row.amount, check.total - check.paid);
  if (credit < row.amount) {
    deps.log.warn(
      { payment_id: id, check_id: check.id, overpaid: row.amount - credit },
      'payment exceeds what was due',
    );
  }
  const [paid] = await tx
    .update(payments)
    .set({
      status: 'succeeded',
      succeededAt: now,
      updatedAt: now,
      failureReason: null,
      ...(facts.payment_ref && { paymentRef: facts.payment_ref }),
      ...(facts.raw_status && { rawStatus: facts.raw_status }),
    })
    .where(eq(payments.id, id))
    .returning();
  if (row.partId) {
    await tx
      .update(checkParts)
      .set({ paid: sql`least(${checkParts.amount}, ${checkParts.paid} + ${credit})` })
      .where(eq(checkParts.id, row.partId));
  }
  const settled = check.paid + credit >= check.total;
  const [updatedCheck] = await tx
    .update(checks)
    .set({
      paid: check.paid + credit,
      tipTotal: check.tipTotal + row.tip,
      updatedAt: now,
      ...(settled && { status: 'closed' as const, closedAt: now }),
    })
    .where(eq(checks.id, check.id))
    .returning();
  if (row.method === 'cash') await intoDrawer(p, paid!, 'sale', chargedOf(paid!));
  const options = { aggregateId: check.id, tenantId };
  await deps.publish(
    tx,
    ctx,
    paymentsEvents.paymentCompleted,
    {
      ...eventFacts(paid!, check),
      check_due: updatedCheck!.total - updatedCheck!.paid,
      check_status: updatedCheck!.status,
    },
    options,
  );
  if (settled && check.status === 'open') {
    await deps.publish(
      tx,
      ctx,
      paymentsEvents.checkClosed,
      {
        check_id: check.id,
        order_ids: check.orderIds,
        session_id: check.sessionId,
        table_id: check.tableId,
        currency: check.currency,
        total: check.total,
        paid: updatedCheck!.paid,
        tip_total: updatedCheck!.tipTotal,
        settles_session: check.orderId === null && check.sessionId !== null,
      },
      options,
    );
  }
  return paid!;
}

/** The attempt failed (declined, cancelled). Never undoes a success; reported once. */
export async function recordFailure(p: PaymentsTx, id: string, reason: string): Promise<PaymentRow | null> {
  const { tx, ctx, tenantId, deps } = p;
  const row = await lockPayment(tx, id);
  if (row.status === 'succeeded' || row.status === 'failed') return null;
  const [failed] = await tx
    .update(payments)
    .set({ status: 'failed', failureReason: reason.slice(0, 500), updatedAt: deps.clock.now() })
    .where(eq(payments.id, id))
    .returning();
  const [check] = await tx.select().from(checks).where(eq(checks.id, row.checkId));
  await deps.publish(
    tx,
    ctx,
    paymentsEvents.paymentFailed,
    { ...eventFacts(failed!, check!), reason: reason.slice(0, 500) },
    { aggregateId: row.checkId, tenantId },
  );
  return failed!;
}

/** Cash into or out of the restaurant's newest open drawer (none open: nothing to record). */
export async function intoDrawer(p: PaymentsTx, row: PaymentRow, kind: 'sale' | 'refund', amount: number) {
  const { tx, tenantId, deps } = p;
  const [drawer] = await tx
    .select({ id: drawers.id })
    .from(drawers)
    .where(and(eq(drawers.tenantId, tenantId), eq(drawers.status, 'open')))
    .orderBy(desc(drawers.openedAt))
    .limit(1);
  if (!drawer) return;
  await tx.insert(cashMovements).values({
    id: newId(),
    tenantId,
    drawerId: drawer.id,
    kind,
    amount: kind === 'refund' ? -amount : amount,
    paymentId: row.id,
    reason: null,
    createdBy: actorOf(p.ctx),
    at: deps.clock.now(),
  });
}
