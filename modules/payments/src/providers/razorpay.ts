/**
 * Razorpay, through Orders and Standard Checkout (https://razorpay.com/docs/api/orders): we
 * create an order, Razorpay Checkout collects the payment in the browser (card, UPI, wallets —
 * none of it reaches us) and hands back `razorpay_payment_id` with a signature over
 * `order_id|payment_id`; `payment.captured` / `order.paid` / `payment.failed` webhooks or a
 * status poll tell the outcome.
 */
import { createHash } from 'node:crypto';
import { providerErrors as fail } from './errors.js';
import {
  errorBodyOf,
  isObject,
  type ProviderResponse,
  providerHttp,
  type ResilienceOptions,
  refusal,
} from './http.js';
import { assertAmount, assertCurrency, currencyExponent } from './money.js';
import {
  type CreatedPayment,
  headerValue,
  type PaymentStatus,
  type RefundResult,
  type RefundStatus,
  type RemotePaymentProvider,
  type RetrievedPayment,
  type WebhookEvent,
} from './provider.js';
import { hmacSha256Hex, signatureMatches } from './signatures.js';

export interface RazorpayConfig {
  /** `rzp_live_…` / `rzp_test_…`: public, handed to the browser's Checkout. */
  key_id: string;
  key_secret: string;
  /** The secret set on the webhook in Razorpay's dashboard. */
  webhook_secret: string;
  /** Default https://api.razorpay.com; tests point it at their local server. */
  base_url?: string | undefined;
  /** Shown in the Checkout header. */
  merchant_name?: string | undefined;
  resilience?: ResilienceOptions | undefined;
}

export interface CheckoutResponse {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

export interface RazorpayProvider extends RemotePaymentProvider {
  /**
   * Whether Checkout's answer is genuine: hex HMAC-SHA256(`order_id|payment_id`, key_secret),
   * compared in constant time. The caller still checks that the order id is the one it stored.
   */
  verifyCheckoutSignature(response: CheckoutResponse): boolean;
}

export const razorpayDefaultBaseUrl = 'https://api.razorpay.com';

interface RazorpayError {
  code?: string;
  description?: string;
  source?: string;
  step?: string;
  reason?: string;
  field?: string;
}

interface RazorpayOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  currency: string;
  receipt?: string | null;
  status: 'created' | 'attempted' | 'paid';
}

interface RazorpayPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id?: string | null;
  amount_refunded?: number;
  error_code?: string | null;
  error_description?: string | null;
  error_reason?: string | null;
}

interface RazorpayRefund {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  status: 'pending' | 'processed' | 'failed';
}

function expectEntity<T>(response: ProviderResponse, entity: string): T {
  const body = response.body;
  if (isObject(body) && body.entity === entity && (entity === 'collection' || typeof body.id === 'string')) {
    return body as T;
  }
  throw fail('provider_bad_response', `Razorpay answered without a ${entity}.`, {
    details: { provider: 'razorpay', status: response.status },
  });
}

/** Razorpay's documented error body `{ error: { code, description, … } }` → our codes. */
function razorpayFailure(response: ProviderResponse): Error {
  const error = errorBodyOf<RazorpayError>(response);
  const details = {
    provider: 'razorpay',
    status: response.status,
    provider_code: error.code,
    ...(error.reason && { provider_reason: error.reason }),
    ...(error.field && { field: error.field }),
  };
  const said = error.description ?? 'no reason given';
  return refusal(
    'Razorpay',
    response,
    details,
    said,
    [
      [
        response.status === 404 || /does not exist/i.test(said),
        'provider_ref_not_found',
        `Razorpay has no such object: ${said}`,
      ],
      [
        response.status === 409,
        'provider_idempotency_conflict',
        `Razorpay is still processing the same request: ${said}`,
      ],
    ],
    error.code === 'SERVER_ERROR' || error.code === 'GATEWAY_ERROR',
  );
}

/** ISO minor units are Razorpay's; three-decimal currencies must end in 0 (KWD 295.990 → 295990). */
function toRazorpayAmount(amount: number, currency: string): number {
  assertAmount(amount);
  if (currencyExponent(currency) === 3 && amount % 10 !== 0) {
    throw fail('amount_invalid', `Razorpay takes ${currency} amounts in multiples of 10 minor units`, {
      details: { amount, currency },
    });
  }
  return amount;
}

/** https://razorpay.com/docs/payments/payments/#payment-life-cycle */
function paymentStatusFromRazorpay(status: string): PaymentStatus {
  switch (status) {
    case 'captured':
    case 'refunded':
      return 'succeeded';
    case 'authorized':
      return 'pending';
    case 'failed':
      return 'failed';
    default:
      return 'requires_action';
  }
}

function refundStatusFromRazorpay(status: string): RefundStatus {
  if (status === 'processed') return 'succeeded';
  if (status === 'failed') return 'failed';
  return 'pending';
}

/** Of an order's payments, the one that tells its state: captured, else authorized, else the latest. */
function decisivePayment(payments: readonly RazorpayPayment[]): RazorpayPayment | undefined {
  return (
    payments.find((payment) => payment.status === 'captured' || payment.status === 'refunded') ??
    payments.find((payment) => payment.status === 'authorized') ??
    payments[0]
  );
}

/** Razorpay's X-Refund-Idempotency wants ≥ 10 characters of [A-Za-z0-9_-]; other keys are hashed into that. */
function refundIdempotencyKey(key: string): string {
  return /^[A-Za-z0-9_-]{10,}$/.test(key) ? key : createHash('sha256').update(key).digest('hex');
}

const malformed = (message: string) =>
  fail('webhook_malformed', message, { details: { provider: 'razorpay' } });

export function razorpayProvider(config: RazorpayConfig): RazorpayProvider {
  const { key_id, key_secret, webhook_secret } = config;
  if (!key_id || !key_secret || !webhook_secret) {
    throw new Error('razorpayProvider needs key_id, key_secret and webhook_secret');
  }
  const http = providerHttp({
    provider: 'razorpay',
    baseUrl: config.base_url ?? razorpayDefaultBaseUrl,
    headers: {
      authorization: `Basic ${Buffer.from(`${key_id}:${key_secret}`).toString('base64')}`,
      accept: 'application/json',
    },
    resilience: config.resilience,
  });

  const get = async (path: string) => {
    const response = await http.send({ method: 'GET', path, repeatable: true });
    if (response.status >= 300) throw razorpayFailure(response);
    return response;
  };

  const orderPayments = async (orderId: string) =>
    expectEntity<{ items: RazorpayPayment[] }>(
      await get(`/v1/orders/${encodeURIComponent(orderId)}/payments`),
      'collection',
    ).items ?? [];

  const fromPayment = (payment: RazorpayPayment, providerRef: string, amount: number): RetrievedPayment => {
    const status = paymentStatusFromRazorpay(payment.status);
    return {
      provider_ref: providerRef,
      status,
      amount,
      amount_received: status === 'succeeded' ? payment.amount : 0,
      amount_refunded: payment.amount_refunded ?? 0,
      currency: payment.currency,
      payment_ref: payment.id,
      ...(payment.status === 'failed' && {
        failure_reason:
          payment.error_description ?? payment.error_reason ?? payment.error_code ?? 'payment failed',
      }),
      raw_status: payment.status,
    };
  };

  return {
    method: 'razorpay',
    kind: 'remote',

    async createPayment(input): Promise<CreatedPayment> {
      const currency = assertCurrency(input.currency);
      const amount = toRazorpayAmount(input.amount, currency);
      // Orders take no idempotency key, so this POST is never retried: a timeout surfaces as
      // provider_unavailable (outcome unknown) and the caller creates a fresh order next time.
      const response = await http.send({
        method: 'POST',
        path: '/v1/orders',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          amount,
          currency,
          receipt: input.reference.slice(0, 40),
          notes: {
            payment_id: input.reference,
            ...(input.description && { description: input.description.slice(0, 256) }),
          },
        }),
        repeatable: false,
      });
      if (response.status >= 300) throw razorpayFailure(response);
      const order = expectEntity<RazorpayOrder>(response, 'order');
      const customer = input.customer;
      return {
        provider_ref: order.id,
        status: 'requires_action',
        amount: order.amount,
        currency: order.currency,
        checkout: {
          provider: 'razorpay',
          key_id,
          order_id: order.id,
          amount: order.amount,
          currency: order.currency,
          ...(config.merchant_name && { name: config.merchant_name }),
          ...(input.description && { description: input.description }),
          ...(customer && {
            prefill: {
              ...(customer.email && { email: customer.email }),
              ...(customer.phone && { contact: customer.phone }),
              ...(customer.name && { name: customer.name }),
            },
          }),
        },
        raw_status: order.status,
      };
    },

    async retrieve(providerRef): Promise<RetrievedPayment> {
      if (providerRef.startsWith('pay_')) {
        const payment = expectEntity<RazorpayPayment>(
          await get(`/v1/payments/${encodeURIComponent(providerRef)}`),
          'payment',
        );
        return fromPayment(payment, providerRef, payment.amount);
      }
      const order = expectEntity<RazorpayOrder>(
        await get(`/v1/orders/${encodeURIComponent(providerRef)}`),
        'order',
      );
      const payment = order.status === 'created' ? undefined : decisivePayment(await orderPayments(order.id));
      if (!payment) {
        return {
          provider_ref: order.id,
          status: 'requires_action',
          amount: order.amount,
          amount_received: 0,
          amount_refunded: 0,
          currency: order.currency,
          raw_status: order.status,
        };
      }
      return fromPayment(payment, order.id, order.amount);
    },

    async refund(input): Promise<RefundResult> {
      const currency = assertCurrency(input.currency);
      const amount = toRazorpayAmount(input.amount, currency);
      let paymentId = input.provider_ref;
      if (!paymentId.startsWith('pay_')) {
        const captured = (await orderPayments(paymentId)).find(
          (payment) => payment.status === 'captured' || payment.status === 'refunded',
        );
        if (!captured) {
          throw fail('provider_invalid_request', 'Razorpay holds no captured payment for this order.', {
            details: { provider: 'razorpay', provider_ref: input.provider_ref },
          });
        }
        paymentId = captured.id;
      }
      const response = await http.send({
        method: 'POST',
        path: `/v1/payments/${encodeURIComponent(paymentId)}/refund`,
        headers: {
          'content-type': 'application/json',
          'x-refund-idempotency': refundIdempotencyKey(input.idempotency_key),
        },
        body: JSON.stringify({ amount, notes: { reason: input.reason.slice(0, 256) } }),
        // Razorpay deduplicates refunds by X-Refund-Idempotency: safe to retry.
        repeatable: true,
      });
      if (response.status >= 300) throw razorpayFailure(response);
      const refund = expectEntity<RazorpayRefund>(response, 'refund');
      return {
        refund_ref: refund.id,
        status: refundStatusFromRazorpay(refund.status),
        amount: refund.amount,
        raw_status: refund.status,
      };
    },

    verifyCheckoutSignature(response) {
      const { razorpay_order_id, razorpay_payment_id, razorpay_signature } = response;
      if (!razorpay_order_id || !razorpay_payment_id || typeof razorpay_signature !== 'string') return false;
      const expected = hmacSha256Hex(key_secret, `${razorpay_order_id}|${razorpay_payment_id}`);
      return signatureMatches(expected, razorpay_signature);
    },

    parseWebhook(rawBody, headers): WebhookEvent {
      const signature = headerValue(headers, 'x-razorpay-signature');
      if (!signature) throw malformed('The request has no X-Razorpay-Signature header.');
      if (!signatureMatches(hmacSha256Hex(webhook_secret, rawBody), signature)) {
        throw fail('webhook_signature_invalid', 'X-Razorpay-Signature does not match the payload.', {
          details: { provider: 'razorpay' },
        });
      }
      const eventId = headerValue(headers, 'x-razorpay-event-id');
      if (!eventId) throw malformed('The request has no x-razorpay-event-id header.');
      let event: unknown;
      try {
        event = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw malformed('The webhook body is not JSON.');
      }
      if (!isObject(event) || typeof event.event !== 'string' || !isObject(event.payload)) {
        throw malformed('The webhook body is not a Razorpay event.');
      }
      return razorpayEvent(eventId, event.event, event.payload);
    },
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const whole = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
/** `payload.<name>.entity`, as Razorpay wraps every entity. */
const entityOf = (payload: Record<string, unknown>, name: string): Record<string, unknown> => {
  const wrapper = payload[name];
  return isObject(wrapper) && isObject(wrapper.entity) ? wrapper.entity : {};
};

/** A verified Razorpay event → ours. https://razorpay.com/docs/webhooks/payloads/payments */
function razorpayEvent(id: string, name: string, payload: Record<string, unknown>): WebhookEvent {
  const payment = entityOf(payload, 'payment');
  const base = { event_id: id, provider_event: name };
  switch (name) {
    case 'payment.captured':
    case 'order.paid': {
      const order = entityOf(payload, 'order');
      return {
        ...base,
        type: 'payment_succeeded',
        provider_ref: text(order.id) ?? text(payment.order_id) ?? null,
        payment_ref: text(payment.id),
        amount: whole(payment.amount),
        currency: text(payment.currency),
      };
    }
    case 'payment.failed':
      return {
        ...base,
        type: 'payment_failed',
        provider_ref: text(payment.order_id) ?? null,
        payment_ref: text(payment.id),
        amount: whole(payment.amount),
        currency: text(payment.currency),
        failure_reason:
          text(payment.error_description) ??
          text(payment.error_reason) ??
          text(payment.error_code) ??
          'payment failed',
      };
    case 'refund.processed':
    case 'refund.failed': {
      const refund = entityOf(payload, 'refund');
      return {
        ...base,
        type: name === 'refund.processed' ? 'refund_succeeded' : 'refund_failed',
        provider_ref: text(payment.order_id) ?? null,
        payment_ref: text(refund.payment_id) ?? text(payment.id),
        refund_ref: text(refund.id),
        amount: whole(refund.amount),
        amount_refunded: whole(payment.amount_refunded),
        currency: text(refund.currency),
        ...(name === 'refund.failed' && { failure_reason: 'refund failed' }),
      };
    }
    default:
      return { ...base, type: 'ignored', provider_ref: text(payment.order_id) ?? null };
  }
}
