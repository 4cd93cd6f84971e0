/**
 * Refunds: full or partial, with a reason, through the payment's provider, never more than was
 * paid and not refunded yet (checked under the payment's lock and by a table constraint).
 */
import { DomainError, newId } from '@brigade/kernel';
import { and, eq, inArray } from 'drizzle-orm';
import {
  paymentsErrors as fail,
  type PaymentsService,
  paymentsEvents,
  type Refund,
  refundPaymentSchema,
} from './contract/index.js';
import { checks, type PaymentRow, payments, type RefundRow, refunds } from './db/tables.js';
import type { RefundResult, WebhookEvent } from './providers/provider.js';
import { loadSettings } from './settings.js';
import { chargedOf, intoDrawer, lockPayment } from './settle.js';
import { actorOf, type PaymentsDeps, type PaymentsTx, tenantOf } from './support.js';

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    payment_id: row.paymentId,
    amount: row.amount,
    reason: row.reason,
    status: row.status,
    refund_ref: row.refundRef,
    created_at: row.createdAt.toISOString(),
  };
}

const providerDidNothing = new Set([
  'provider_invalid_request',
  'provider_credentials_rejected',
  'amount_invalid',
  'terminal_reference_invalid',
  'card_data_refused',
  'method_unavailable',
]);

/** The refund went through: the payment's refunded total grows, cash leaves the drawer, the event goes out. */
async function finishRefund(p: PaymentsTx, refund: RefundRow, result: { refund_ref?: string | undefined }) {
  const { tx, ctx, tenantId, deps } = p;
  const payment = await lockPayment(tx, refund.paymentId);
  const [done] = await tx
    .update(refunds)
    .set({
      status: 'succeeded',
      refundRef: refund.refundRef ?? result.refund_ref ?? null,
      updatedAt: deps.clock.now(),
    })
    .where(and(eq(refunds.id, refund.id), inArray(refunds.status, ['processing', 'pending'])))
    .returning();
  if (!done) return;
  const [updated] = await tx
    .update(payments)
    .set({ refunded: payment.refunded + refund.amount, updatedAt: deps.clock.now() })
    .where(eq(payments.id, payment.id))
    .returning();
  if (payment.method === 'cash') await intoDrawer(p, payment, 'refund', refund.amount);
  const [facts] = await tx
    .select({ order_ids: checks.orderIds, session_id: checks.sessionId, table_id: checks.tableId })
    .from(checks)
    .where(eq(checks.id, payment.checkId));
  await deps.publish(
    tx,
    ctx,
    paymentsEvents.refundProcessed,
    {
      check_id: payment.checkId,
      ...facts!,
      payment_id: payment.id,
      part_id: payment.partId,
      method: payment.method,
      amount: payment.amount,
      tip: payment.tip,
      currency: payment.currency,
      refund_id: refund.id,
      refund_amount: refund.amount,
      reason: refund.reason,
      refunded_total: updated!.refunded,
    },
    { aggregateId: payment.checkId, tenantId },
  );
}

/** A provider's refund webhook: settles a pending refund we know by its reference. */
export async function recordRefundEvent(p: PaymentsTx, payment: PaymentRow, event: WebhookEvent) {
  if (!event.refund_ref) return;
  const [refund] = await p.tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.refundRef, event.refund_ref)));
  if (!refund || refund.status === 'succeeded' || refund.status === 'failed') return;
  if (event.type === 'refund_succeeded') await finishRefund(p, refund, {});
  else {
    await p.tx
      .update(refunds)
      .set({
        status: 'failed',
        failureReason: event.failure_reason ?? 'refund failed',
        updatedAt: p.deps.clock.now(),
      })
      .where(eq(refunds.id, refund.id));
  }
}

export function createRefunds(deps: PaymentsDeps): Pick<PaymentsService, 'refundPayment'> {
  const { db, clock } = deps;
  return {
    async refundPayment(ctx, { id, ...raw }) {
      const input = refundPaymentSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const within = <T>(fn: (p: PaymentsTx) => Promise<T>) =>
        db.tenantTx(tenantId, (tx) => fn({ tx, ctx, tenantId, deps }));
      const reserved = await within(async ({ tx }) => {
        const payment = await lockPayment(tx, id);
        const [again] = await tx
          .select()
          .from(refunds)
          .where(and(eq(refunds.tenantId, tenantId), eq(refunds.idempotencyKey, input.idempotency_key)));
        if (again) return { refund: again, payment, fresh: false };
        if (payment.status !== 'succeeded') {
          throw fail(
            'payment_not_refundable',
            `Only a succeeded payment can be refunded; this one is ${payment.status}.`,
          );
        }
        const open = await tx
          .select({ amount: refunds.amount })
          .from(refunds)
          .where(and(eq(refunds.paymentId, id), inArray(refunds.status, ['processing', 'pending'])));
        const refundable =
          chargedOf(payment) - payment.refunded - open.reduce((sum, row) => sum + row.amount, 0);
        const amount = input.amount ?? refundable;
        if (refundable <= 0 || amount > refundable) {
          throw fail('refund_exceeds_paid', `At most ${Math.max(refundable, 0)} can still be refunded.`, {
            details: { refundable: Math.max(refundable, 0), amount },
          });
        }
        const now = clock.now();
        const [refund] = await tx
          .insert(refunds)
          .values({
            id: newId(),
            tenantId,
            paymentId: id,
            amount,
            reason: input.reason,
            status: 'processing',
            idempotencyKey: input.idempotency_key,
            createdBy: actorOf(ctx),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return { refund: refund!, payment, fresh: true };
      });
      // A retry of a refund the provider never answered (an outage) asks again: the provider
      // deduplicates by our refund id, so it cannot pay back twice.
      if (!reserved.fresh && reserved.refund.status !== 'processing') return toRefund(reserved.refund);
      const { refund, payment } = reserved;
      let result: RefundResult;
      try {
        const settings = await db.tenantTx(tenantId, (tx) => loadSettings(deps, tx, tenantId));
        const provider = deps.providers.get(tenantId, settings, payment.method);
        result = await provider.refund({
          provider_ref: payment.providerRef!,
          amount: refund.amount,
          currency: payment.currency,
          reason: refund.reason,
          idempotency_key: refund.id,
          terminal_reference: input.terminal_reference,
        });
      } catch (error) {
        if (error instanceof DomainError && providerDidNothing.has(error.code)) {
          await db.tenantTx(tenantId, (tx) =>
            tx.delete(refunds).where(and(eq(refunds.id, refund.id), eq(refunds.status, 'processing'))),
          );
        }
        throw error;
      }
      return within(async (p) => {
        await p.tx
          .update(refunds)
          .set({
            refundRef: result.refund_ref,
            updatedAt: clock.now(),
            ...(result.status === 'pending' && { status: 'pending' as const }),
          })
          .where(eq(refunds.id, refund.id));
        const [current] = await p.tx.select().from(refunds).where(eq(refunds.id, refund.id));
        if (result.status === 'succeeded') await finishRefund(p, current!, result);
        else if (result.status === 'failed') {
          await p.tx
            .update(refunds)
            .set({ status: 'failed', failureReason: result.raw_status })
            .where(eq(refunds.id, refund.id));
        }
        const [after] = await p.tx.select().from(refunds).where(eq(refunds.id, refund.id));
        return toRefund(after!);
      });
    },
  };
}
