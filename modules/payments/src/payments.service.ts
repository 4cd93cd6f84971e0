/**
 * Taking payments exactly once. A payment row is reserved under the check's lock and the
 * tenant-unique idempotency key before the provider is asked (so 20 identical requests make
 * one row and one provider call); the provider gets our payment id as its idempotency key (a
 * repeated Stripe POST replays, never charges twice); its answer, the client's confirmation,
 * webhooks and status polls all go through settle.ts, where the first to tell wins.
 */

import type { Tx } from '@brigade/db';
import { DomainError, isUuid, newId, type RequestContext, systemContext } from '@brigade/kernel';
import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import {
  paymentsErrors as fail,
  type Payment,
  type PaymentsService,
  processPaymentSchema,
  verifyRazorpaySchema,
} from './contract/index.js';
import { inFlight, lockCheck, partsOf } from './db/check-rows.js';
import { type PaymentRow, payments, webhookEvents } from './db/tables.js';
import { percentOf } from './providers/money.js';
import type { PaymentProvider, RemotePaymentProvider } from './providers/provider.js';
import type { RazorpayProvider } from './providers/razorpay.js';
import { availableMethods } from './providers/registry.js';
import { recordRefundEvent } from './refunds.service.js';
import { loadSettings } from './settings.js';
import {
  lockPayment,
  paymentNotFound,
  recordCreated,
  recordFailure,
  recordSuccess,
  toPayment,
} from './settle.js';
import { actorOf, type PaymentsDeps, type PaymentsTx, tenantOf } from './support.js';

type Payments = Pick<
  PaymentsService,
  | 'processPayment'
  | 'getPayment'
  | 'reconcilePayment'
  | 'reconcileUnsettled'
  | 'listMethods'
  | 'verifyRazorpay'
  | 'receiveWebhook'
>;

/** Errors that mean the provider did nothing: the reservation is dropped and the key may be reused. */
const nothingHappened = new Set([
  'provider_invalid_request',
  'provider_credentials_rejected',
  'provider_bad_response',
  'amount_invalid',
  'currency_invalid',
  'terminal_reference_invalid',
  'card_data_refused',
  'cash_tendered_insufficient',
  'method_unavailable',
]);

const unsettled = ['processing', 'requires_action', 'pending'] as const;

export function createPayments(
  deps: PaymentsDeps,
  openCheckForOrder: (ctx: RequestContext, tenantId: string, orderId: string) => Promise<string>,
): Payments {
  const { db, clock } = deps;
  const within = <T>(ctx: RequestContext, tenantId: string, fn: (p: PaymentsTx) => Promise<T>) =>
    db.tenantTx(tenantId, (tx) => fn({ tx, ctx, tenantId, deps }));

  const providerFor = async (tenantId: string, method: PaymentRow['method']): Promise<PaymentProvider> => {
    const settings = await db.tenantTx(tenantId, (tx) => loadSettings(deps, tx, tenantId));
    return deps.providers.get(tenantId, settings, method);
  };

  const byKey = async (p: PaymentsTx, key: string) =>
    (
      await p.tx
        .select()
        .from(payments)
        .where(and(eq(payments.tenantId, p.tenantId), eq(payments.idempotencyKey, key)))
    )[0];

  /** Asks the provider to create the payment and records its answer. */
  async function drive(
    ctx: RequestContext,
    tenantId: string,
    row: PaymentRow,
    extra: {
      tendered?: number | undefined;
      terminal_reference?: string | undefined;
      customer?:
        | { email?: string | undefined; phone?: string | undefined; name?: string | undefined }
        | undefined;
    },
  ): Promise<PaymentRow> {
    let provider: PaymentProvider;
    try {
      provider = await providerFor(tenantId, row.method);
      const created = await provider.createPayment({
        amount: row.amount + row.tip,
        currency: row.currency,
        reference: row.id,
        idempotency_key: row.id,
        description: `Check ${row.checkId.slice(0, 8)}`,
        tendered: extra.tendered,
        terminal_reference: extra.terminal_reference,
        customer: extra.customer,
      });
      if (created.cash) {
        // The rounding is against amount + tip; recorded as its own figure.
        created.cash = { ...created.cash, rounding_adjustment: created.amount - (row.amount + row.tip) };
      }
      return await within(ctx, tenantId, (p) => recordCreated(p, row.id, created));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'payment_declined') {
        await within(ctx, tenantId, (p) => recordFailure(p, row.id, error.message));
      } else if (error instanceof DomainError && nothingHappened.has(error.code)) {
        await db.tenantTx(tenantId, (tx) =>
          tx.delete(payments).where(and(eq(payments.id, row.id), eq(payments.status, 'processing'))),
        );
      }
      // Anything else (unavailable, outcome unknown): the payment stays `processing` for reconciliation.
      throw error;
    }
  }

  async function reconcile(ctx: RequestContext, tenantId: string, row: PaymentRow): Promise<PaymentRow> {
    if (row.status === 'succeeded' || row.status === 'failed') return row;
    if (row.method === 'cash' || row.method === 'card_terminal') {
      // Local methods settle on the spot: a leftover reservation means the request died before it.
      await within(ctx, tenantId, (p) => recordFailure(p, row.id, 'not completed'));
      return await db.tenantTx(tenantId, (tx) => lockPayment(tx, row.id));
    }
    if (!row.providerRef) {
      // The create call's answer was lost: asking again with the same idempotency key is safe.
      return drive(ctx, tenantId, row, {});
    }
    const provider = (await providerFor(tenantId, row.method)) as RemotePaymentProvider;
    const state = await provider.retrieve(row.providerRef);
    return within(ctx, tenantId, async (p) => {
      if (state.status === 'succeeded') {
        await recordSuccess(p, row.id, { payment_ref: state.payment_ref, raw_status: state.raw_status });
      } else if (state.status === 'failed') {
        await recordFailure(p, row.id, state.failure_reason ?? 'failed at the provider');
      } else {
        await p.tx
          .update(payments)
          .set({ status: state.status, rawStatus: state.raw_status, updatedAt: clock.now() })
          .where(and(eq(payments.id, row.id), inArray(payments.status, [...unsettled])));
      }
      return lockPayment(p.tx, row.id);
    });
  }

  /** A repeated idempotency key answers with its payment, if it asks for the same one. */
  function sameRequest(row: PaymentRow, input: ReturnType<typeof processPaymentSchema.parse>): Payment {
    const differs =
      row.method !== input.method ||
      (input.check_id !== undefined && input.check_id !== row.checkId) ||
      (input.part_id !== undefined && input.part_id !== row.partId) ||
      (input.amount !== undefined && input.amount !== row.amount);
    if (differs) {
      throw fail('idempotency_key_reused', 'This idempotency_key was used for a different payment.', {
        details: { payment_id: row.id },
      });
    }
    return toPayment(row);
  }

  /**
   * A payment whose create answer was lost (no provider_ref stored) found by the id the provider
   * echoes back: it gets its reference now, so the event applies to it.
   */
  async function adoptReference(
    p: PaymentsTx,
    method: PaymentRow['method'],
    providerRef: string,
    reference: string | undefined,
  ): Promise<PaymentRow | undefined> {
    if (!reference || !isUuid(reference)) return undefined;
    const [adopted] = await p.tx
      .update(payments)
      .set({ providerRef, updatedAt: clock.now() })
      .where(and(eq(payments.id, reference), eq(payments.method, method), isNull(payments.providerRef)))
      .returning();
    return adopted;
  }

  return {
    async processPayment(ctx, raw) {
      const input = processPaymentSchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const replay = await within(ctx, tenantId, (p) => byKey(p, input.idempotency_key));
      if (replay) return sameRequest(replay, input);
      const checkId = input.check_id ?? (await openCheckForOrder(ctx, tenantId, input.order_id!));
      // Fails fast (method unavailable) before anything is reserved.
      await providerFor(tenantId, input.method);

      const reserved = await within(ctx, tenantId, async (p) => {
        const check = await lockCheck(p.tx, checkId);
        const again = await byKey(p, input.idempotency_key);
        if (again) return { row: again, fresh: false };
        if (check.status === 'closed') throw fail('check_closed', 'The check is paid and closed.');
        const parts = await partsOf(p.tx, checkId);
        const part = input.part_id ? parts.find((candidate) => candidate.id === input.part_id) : undefined;
        if (input.part_id && !part) throw fail('part_not_found', `No part ${input.part_id} on this check.`);
        if (!part && parts.length > 0) {
          throw fail('split_invalid', 'This check is split: pay one of its parts (part_id).', {
            errors: [{ field: 'part_id', message: 'required on a split check' }],
          });
        }
        const held = await inFlight(p.tx, checkId, part?.id ?? null, clock.now());
        const due = part ? part.amount - part.paid - held : check.total - check.paid - held;
        const amount = input.amount ?? due;
        if (due <= 0 || amount > due) {
          throw fail(
            'amount_exceeds_due',
            `At most ${Math.max(due, 0)} is due${held > 0 ? ' (other payments are in progress)' : ''}.`,
            {
              details: { due: Math.max(due, 0), in_progress: held, amount },
            },
          );
        }
        const tip =
          input.tip === undefined
            ? 0
            : 'amount' in input.tip
              ? input.tip.amount
              : percentOf(amount, input.tip.percent_bps);
        const now = clock.now();
        const [row] = await p.tx
          .insert(payments)
          .values({
            id: newId(),
            tenantId,
            checkId,
            partId: part?.id ?? null,
            method: input.method,
            status: 'processing',
            amount,
            tip,
            roundingAdjustment: 0,
            currency: check.currency,
            refunded: 0,
            idempotencyKey: input.idempotency_key,
            createdBy: actorOf(ctx),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return { row: row!, fresh: true };
      });
      if (!reserved.fresh) return sameRequest(reserved.row, input);
      return toPayment(
        await drive(ctx, tenantId, reserved.row, {
          tendered: input.tendered,
          terminal_reference: input.terminal_reference,
          customer: input.customer,
        }),
      );
    },

    async getPayment(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const [row] = await db.tenantTx(tenantId, (tx) =>
        tx.select().from(payments).where(eq(payments.id, id)),
      );
      if (!row) throw paymentNotFound(id);
      return toPayment(row);
    },

    async reconcilePayment(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const [row] = await db.tenantTx(tenantId, (tx) =>
        tx.select().from(payments).where(eq(payments.id, id)),
      );
      if (!row) throw paymentNotFound(id);
      return toPayment(await reconcile(ctx, tenantId, row));
    },

    async reconcileUnsettled(ctx, { older_than_seconds }) {
      const cutoff = new Date(clock.now().getTime() - older_than_seconds * 1000);
      const query = (tx: Tx) =>
        tx
          .select()
          .from(payments)
          .where(
            and(
              inArray(payments.status, [...unsettled]),
              lt(payments.updatedAt, cutoff),
              // An attempt abandoned for a week is no longer asked about.
              gt(payments.createdAt, new Date(clock.now().getTime() - 7 * 86_400_000)),
            ),
          )
          .orderBy(asc(payments.updatedAt))
          .limit(100);
      // One restaurant's, or (the system's sweep) every restaurant's, read in platform scope.
      const stale = ctx.tenantId
        ? await db.tenantTx(ctx.tenantId, query)
        : ctx.actor.kind === 'system'
          ? await db.platformTx(query)
          : [];
      let done = 0;
      for (const row of stale) {
        try {
          const after = await reconcile({ ...ctx, tenantId: row.tenantId }, row.tenantId, row);
          if (after.status !== row.status) done += 1;
        } catch (error) {
          deps.log.warn({ err: error, payment_id: row.id }, 'payment reconciliation failed; will retry');
        }
      }
      return done;
    },

    async listMethods(ctx) {
      const tenantId = tenantOf(ctx);
      const settings = await db.tenantTx(tenantId, (tx) => loadSettings(deps, tx, tenantId));
      return availableMethods(settings);
    },

    async verifyRazorpay(ctx, raw) {
      const input = verifyRazorpaySchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const [row] = await db.tenantTx(tenantId, (tx) =>
        tx
          .select()
          .from(payments)
          .where(and(eq(payments.method, 'razorpay'), eq(payments.providerRef, input.razorpay_order_id))),
      );
      if (!row) {
        throw fail('razorpay_order_mismatch', 'No Razorpay payment of this restaurant has that order id.');
      }
      const provider = (await providerFor(tenantId, 'razorpay')) as RazorpayProvider;
      if (!provider.verifyCheckoutSignature(input)) {
        throw fail('checkout_signature_invalid', 'The Checkout signature does not match.');
      }
      return within(ctx, tenantId, async (p) => {
        await recordSuccess(p, row.id, { payment_ref: input.razorpay_payment_id, raw_status: 'verified' });
        return toPayment(await lockPayment(p.tx, row.id));
      });
    },

    async receiveWebhook(_ctx, { tenant_id: tenantId, provider: method, raw_body, headers }) {
      const ctx = systemContext(tenantId, `webhook-${method}`);
      let provider: RemotePaymentProvider;
      try {
        provider = (await providerFor(tenantId, method)) as RemotePaymentProvider;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'method_unavailable') {
          throw fail('webhook_unknown_endpoint', `No ${method} webhook is configured here.`);
        }
        throw error;
      }
      const event = provider.parseWebhook(raw_body, headers);
      return within(ctx, tenantId, async (p) => {
        const recorded = await p.tx
          .insert(webhookEvents)
          .values({
            provider: method,
            eventId: event.event_id,
            tenantId,
            type: event.type,
            providerEvent: event.provider_event,
            providerRef: event.provider_ref,
            receivedAt: clock.now(),
          })
          .onConflictDoNothing()
          .returning({ id: webhookEvents.eventId });
        if (recorded.length === 0) return { duplicate: true, type: event.type };
        if (event.provider_ref === null) return { duplicate: false, type: event.type };
        const row =
          (
            await p.tx
              .select()
              .from(payments)
              .where(and(eq(payments.method, method), eq(payments.providerRef, event.provider_ref)))
          )[0] ?? (await adoptReference(p, method, event.provider_ref, event.reference));
        if (!row) return { duplicate: false, type: event.type };
        if (event.type === 'payment_succeeded') {
          await recordSuccess(p, row.id, {
            payment_ref: event.payment_ref,
            raw_status: event.provider_event,
          });
        } else if (event.type === 'payment_failed') {
          await recordFailure(p, row.id, event.failure_reason ?? 'payment failed');
        } else if (event.type === 'refund_succeeded' || event.type === 'refund_failed') {
          await recordRefundEvent(p, row, event);
        }
        return { duplicate: false, type: event.type };
      });
    },
  } satisfies Payments;
}

export type { Payment };
