/**
 * A local stand-in for Razorpay's API, test-only: Orders, Payments and Refunds with the shapes
 * of https://razorpay.com/docs/api — JSON bodies, Basic auth key_id:key_secret, entities wrapped
 * as Razorpay wraps them, `{ error: { code, description, … } }` errors, X-Refund-Idempotency
 * replay. Plus Checkout's payment signature and the webhook signing scheme.
 */
import { createHmac } from 'node:crypto';
import {
  type Answer,
  type ProviderServer,
  type RecordedRequest,
  randomId,
  startProviderServer,
} from './provider-server.js';

export interface RazorpayOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string>;
  created_at: number;
}

export interface RazorpayPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id: string;
  method: string;
  amount_refunded: number;
  refund_status: null | 'partial' | 'full';
  captured: boolean;
  error_code: string | null;
  error_description: string | null;
  error_reason: string | null;
  created_at: number;
}

export interface RazorpayServer extends ProviderServer {
  keyId: string;
  keySecret: string;
  orders: Map<string, RazorpayOrder>;
  payments: Map<string, RazorpayPayment>;
  /**
   * What Razorpay Checkout does in the browser: a payment attempt on the order, and for a
   * successful one the handler's `{ razorpay_order_id, razorpay_payment_id, razorpay_signature }`.
   */
  pay(
    orderId: string,
    outcome?: 'captured' | 'authorized' | 'failed',
  ): {
    payment: RazorpayPayment;
    checkout: { razorpay_order_id: string; razorpay_payment_id: string; razorpay_signature: string };
  };
}

const error = (status: number, description: string, extra: Record<string, string | null> = {}): Answer => ({
  status,
  body: {
    error: {
      code: status >= 500 ? 'SERVER_ERROR' : 'BAD_REQUEST_ERROR',
      description,
      source: 'business',
      step: 'payment_initiation',
      reason: 'input_validation_failed',
      metadata: {},
      field: null,
      ...extra,
    },
  },
});

const notFound = () => error(400, 'The id provided does not exist', { field: null });

export function checkoutSignature(orderId: string, paymentId: string, keySecret: string): string {
  return createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex');
}

export async function startRazorpayServer(
  keyId = randomId('rzp_test_', 14),
  keySecret = randomId('', 24),
): Promise<RazorpayServer> {
  const orders = new Map<string, RazorpayOrder>();
  const payments = new Map<string, RazorpayPayment>();
  const idempotent = new Map<string, { path: string; body: string; answer: Answer }>();
  const now = () => Math.floor(Date.now() / 1000);

  const json = (request: RecordedRequest): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(request.body);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const createOrder = (body: Record<string, unknown>): Answer => {
    const { amount, currency, receipt, notes } = body;
    if (typeof amount !== 'number' || !Number.isInteger(amount)) {
      return error(400, 'The amount must be an integer.', { field: 'amount' });
    }
    if (currency === 'INR' && amount < 100)
      return error(400, 'The amount must be atleast INR 1.00', { field: 'amount' });
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
      return error(400, 'The currency is invalid.', { field: 'currency' });
    }
    if (receipt !== undefined && (typeof receipt !== 'string' || receipt.length > 40)) {
      return error(400, 'The receipt may not be greater than 40 characters.', { field: 'receipt' });
    }
    const order: RazorpayOrder = {
      id: randomId('order_', 14),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency,
      receipt: (receipt as string | undefined) ?? null,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: (notes as Record<string, string> | undefined) ?? {},
      created_at: now(),
    };
    orders.set(order.id, order);
    return { status: 200, body: order };
  };

  const refund = (paymentId: string, body: Record<string, unknown>): Answer => {
    const payment = payments.get(paymentId);
    if (!payment) return notFound();
    if (payment.status !== 'captured') {
      return error(400, 'The payment has not been captured or is fully refunded', { field: 'payment_id' });
    }
    const left = payment.amount - payment.amount_refunded;
    const amount = body.amount === undefined ? left : body.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0 || amount > left) {
      return error(400, 'The refund amount provided is greater than amount captured', { field: 'amount' });
    }
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    return {
      status: 200,
      body: {
        id: randomId('rfnd_', 14),
        entity: 'refund',
        amount,
        currency: payment.currency,
        payment_id: payment.id,
        notes: body.notes ?? {},
        receipt: null,
        acquirer_data: { arn: null },
        created_at: now(),
        batch_id: null,
        status: 'processed',
        speed_processed: 'normal',
        speed_requested: 'normal',
      },
    };
  };

  const route = (request: RecordedRequest): Answer => {
    const expected = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return error(401, 'Authentication failed', { source: 'NA', step: 'NA', reason: 'NA' });
    }
    const path = request.path;
    if (request.method === 'GET') {
      let match = path.match(/^\/v1\/orders\/([^/]+)$/);
      if (match) {
        const order = orders.get(decodeURIComponent(match[1]!));
        return order ? { status: 200, body: order } : notFound();
      }
      match = path.match(/^\/v1\/orders\/([^/]+)\/payments$/);
      if (match) {
        const order = orders.get(decodeURIComponent(match[1]!));
        if (!order) return notFound();
        const items = [...payments.values()].filter((payment) => payment.order_id === order.id).reverse();
        return { status: 200, body: { entity: 'collection', count: items.length, items } };
      }
      match = path.match(/^\/v1\/payments\/([^/]+)$/);
      if (match) {
        const payment = payments.get(decodeURIComponent(match[1]!));
        return payment ? { status: 200, body: payment } : notFound();
      }
      return error(400, 'The requested URL was not found on the server.');
    }
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return error(400, 'The request body must be JSON.');
    }
    const body = json(request);
    if (!body) return error(400, 'The request body is not valid JSON.');
    if (path === '/v1/orders') return createOrder(body);
    const match = path.match(/^\/v1\/payments\/([^/]+)\/refund$/);
    if (match) {
      const key = request.headers['x-refund-idempotency'];
      if (typeof key !== 'string') return refund(decodeURIComponent(match[1]!), body);
      if (!/^[A-Za-z0-9_-]{10,}$/.test(key)) return error(400, 'The idempotency key is invalid.');
      const earlier = idempotent.get(key);
      if (earlier) {
        if (earlier.path !== path || earlier.body !== request.body) {
          return error(400, 'The request body differs from the first request with this idempotency key.');
        }
        return earlier.answer;
      }
      const answer = refund(decodeURIComponent(match[1]!), body);
      if (answer.status < 500) idempotent.set(key, { path, body: request.body, answer });
      return answer;
    }
    return error(400, 'The requested URL was not found on the server.');
  };

  const server = await startProviderServer({
    serverError: (status) =>
      error(
        status,
        'We are facing some trouble completing your request at the moment. Please try again shortly.',
      ),
    handle: route,
  });

  return {
    ...server,
    keyId,
    keySecret,
    orders,
    payments,
    pay(orderId, outcome = 'captured') {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      const failed = outcome === 'failed';
      const payment: RazorpayPayment = {
        id: randomId('pay_', 14),
        entity: 'payment',
        amount: order.amount,
        currency: order.currency,
        status: outcome,
        order_id: order.id,
        method: 'upi',
        amount_refunded: 0,
        refund_status: null,
        captured: outcome === 'captured',
        error_code: failed ? 'BAD_REQUEST_ERROR' : null,
        error_description: failed ? 'Payment failed because the UPI PIN was incorrect.' : null,
        error_reason: failed ? 'incorrect_pin' : null,
        created_at: now(),
      };
      payments.set(payment.id, payment);
      order.attempts += 1;
      order.status = outcome === 'captured' ? 'paid' : 'attempted';
      if (outcome === 'captured') {
        order.amount_paid = order.amount;
        order.amount_due = 0;
      }
      return {
        payment,
        checkout: {
          razorpay_order_id: order.id,
          razorpay_payment_id: payment.id,
          razorpay_signature: checkoutSignature(order.id, payment.id, keySecret),
        },
      };
    },
  };
}

/** A webhook body as Razorpay posts it: `{ entity: 'event', event, contains, payload: { x: { entity } } }`. */
export function razorpayEventBody(event: string, entities: Record<string, unknown>): string {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_BFQ7uQEaa7j2z7',
    event,
    contains: Object.keys(entities),
    payload: Object.fromEntries(Object.entries(entities).map(([name, entity]) => [name, { entity }])),
    created_at: Math.floor(Date.now() / 1000),
  });
}

/** `X-Razorpay-Signature`: hex HMAC-SHA256 of the raw body keyed by the webhook secret. */
export function signRazorpayWebhook(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
