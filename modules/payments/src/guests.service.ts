/**
 * Guests pay their own orders online (an online order waits in `pending` until paid), with the
 * tracking token handed out when the order was placed: the orders contract verifies it and
 * names the restaurant. Only Stripe and Razorpay (money at the counter is the staff's), and the
 * guest's idempotency keys live in a namespace of their own order.
 */
import type { RequestContext } from '@brigade/kernel';
import { and, asc, eq } from 'drizzle-orm';
import { guestPaymentSchema, type PaymentsService, verifyRazorpaySchema } from './contract/index.js';
import { checks, payments } from './db/tables.js';
import { toPayment } from './settle.js';
import type { PaymentsDeps } from './support.js';

type Guests = Pick<PaymentsService, 'payOrderAsGuest' | 'verifyRazorpayAsGuest' | 'listGuestPayments'>;

export function createGuestPayments(
  deps: PaymentsDeps,
  staff: Pick<PaymentsService, 'processPayment' | 'verifyRazorpay'>,
): Guests {
  /** The order behind the token, and a context acting for its restaurant as the guest. */
  async function guestOf(ctx: RequestContext, token: string) {
    const { tenant_id, order_id } = await deps.orders().verifyTrackingToken(ctx, { token });
    return { orderId: order_id, ctx: { ...ctx, tenantId: tenant_id } };
  }

  return {
    async payOrderAsGuest(ctx, { tracking_token, ...raw }) {
      const input = guestPaymentSchema.parse(raw);
      const guest = await guestOf(ctx, tracking_token);
      return staff.processPayment(guest.ctx, {
        ...input,
        order_id: guest.orderId,
        idempotency_key: `guest:${guest.orderId}:${input.idempotency_key}`,
      });
    },

    async verifyRazorpayAsGuest(ctx, { tracking_token, ...raw }) {
      const input = verifyRazorpaySchema.parse(raw);
      const guest = await guestOf(ctx, tracking_token);
      return staff.verifyRazorpay(guest.ctx, input);
    },

    async listGuestPayments(ctx, { tracking_token }) {
      const guest = await guestOf(ctx, tracking_token);
      const rows = await deps.db.tenantTx(guest.ctx.tenantId, (tx) =>
        tx
          .select({ payment: payments })
          .from(payments)
          .innerJoin(checks, eq(checks.id, payments.checkId))
          .where(and(eq(checks.orderId, guest.orderId)))
          .orderBy(asc(payments.createdAt)),
      );
      return rows.map((row) => toPayment(row.payment));
    },
  };
}
