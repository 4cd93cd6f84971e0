/**
 * Stripe, through the PaymentIntents API (https://docs.stripe.com/api/payment_intents): we create
 * the intent, the browser confirms it with Stripe Elements (card data goes from the browser to
 * Stripe, never to us), and `payment_intent.succeeded` / `payment_intent.payment_failed` webhooks
 * or a status poll tell the outcome.
 */
import { type Clock, systemClock } from '@brigade/kernel';
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

export interface StripeConfig {
  /** `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key). */
  secret_key: string;
  /** `pk_…`: handed to the browser with the client secret. */
  publishable_key: string;
  /** The webhook endpoint's signing secret, `whsec_…`. */
  webhook_secret: string;
  /** Default https://api.stripe.com; tests point it at their local server. */
  base_url?: string | undefined;
  /** Pinned `Stripe-Version`; webhook payloads follow the endpoint's version set at Stripe. */
  api_version?: string | undefined;
  /** Accepted |now − t| of a webhook signature. Default 300 s, as Stripe's libraries. */
  webhook_tolerance_seconds?: number | undefined;
  clock?: Clock | undefined;
  resilience?: ResilienceOptions | undefined;
}

export const stripeDefaultBaseUrl = 'https://api.stripe.com';
export const stripeApiVersion = '2024-06-20';

/** https://docs.stripe.com/currencies#zero-decimal */
const stripeZeroDecimal = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** Three-decimal currencies Stripe accepts only in multiples of 10. */
const stripeThreeDecimal = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Decimal places of Stripe's `amount` for a currency (ISK stays two-decimal in Stripe's API). */
function stripeExponent(currency: string): number {
  if (stripeZeroDecimal.has(currency)) return 0;
  if (currency === 'ISK') return 2;
  return currencyExponent(currency);
}

/** ISO minor units → Stripe's `amount`; `amount_invalid` when Stripe cannot express it. */
export function toStripeAmount(amount: number, currency: string): number {
  assertAmount(amount);
  const shift = stripeExponent(currency) - currencyExponent(currency);
  const scale = 10 ** Math.abs(shift);
  if (shift < 0 && amount % scale !== 0) {
    throw fail('amount_invalid', `Stripe takes ${currency} in whole units only`, {
      details: { amount, currency },
    });
  }
  const converted = shift >= 0 ? amount * scale : amount / scale;
  if (stripeThreeDecimal.has(currency) && converted % 10 !== 0) {
    throw fail('amount_invalid', `Stripe takes ${currency} amounts in multiples of 10 minor units`, {
      details: { amount, currency },
    });
  }
  return converted;
}

/** Stripe's `amount` → ISO minor units. */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  const scale = 10 ** Math.abs(shift);
  return shift >= 0 ? Math.round(amount / scale) : amount * scale;
}

/** https://docs.stripe.com/payments/paymentintents/lifecycle */
export function paymentStatusFromStripe(status: string, hasError: boolean): PaymentStatus {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
    case 'requires_capture':
      return 'pending';
    case 'canceled':
      return 'failed';
    case 'requires_payment_method':
      // Back here after a failed attempt (last_payment_error set): failed, though retryable.
      return hasError ? 'failed' : 'requires_action';
    default:
      // requires_confirmation, requires_action
      return 'requires_action';
  }
}

function refundStatusFromStripe(status: string): RefundStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

interface StripeError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
}

interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received?: number;
  currency: string;
  status: string;
  client_secret?: string | null;
  last_payment_error?: StripeError | null;
  latest_charge?: string | { id: string; amount_refunded?: number } | null;
  metadata?: Record<string, string>;
}

interface StripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  status: string;
  payment_intent?: string | null;
  failure_reason?: string | null;
}

function expectObject<T>(response: ProviderResponse, object: string): T {
  const body = response.body;
  if (isObject(body) && body.object === object && typeof body.id === 'string') return body as T;
  throw fail('provider_bad_response', `Stripe answered without a ${object}.`, {
    details: { provider: 'stripe', status: response.status },
  });
}

/** Stripe's documented error body `{ error: { type, code, decline_code, message, param } }` → our codes. */
function stripeFailure(response: ProviderResponse): Error {
  const error = errorBodyOf<StripeError>(response);
  const details = {
    provider: 'stripe',
    status: response.status,
    provider_type: error.type,
    provider_code: error.code,
    ...(error.decline_code && { decline_code: error.decline_code }),
    ...(error.param && { param: error.param }),
  };
  const said = error.message ?? 'no reason given';
  return refusal(
    'Stripe',
    response,
    details,
    said,
    [
      [
        response.status === 402 || error.type === 'card_error',
        'payment_declined',
        `The payment was declined: ${said}`,
      ],
      [
        error.type === 'idempotency_error',
        'provider_idempotency_conflict',
        `Stripe refused the idempotency key: ${said}`,
      ],
      [
        response.status === 404 || error.code === 'resource_missing',
        'provider_ref_not_found',
        `Stripe has no such object: ${said}`,
      ],
    ],
    response.status === 429,
  );
}

const form = (fields: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) params.append(key, String(value));
  return params.toString();
};

/** `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]` */
function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) throw malformed('The signature header’s timestamp is not a number.');
      timestamp = Number(value);
    } else if (key === 'v1') {
      signatures.push(value);
    }
  }
  if (timestamp === undefined) throw malformed('The signature header has no timestamp.');
  return { timestamp, signatures };
}

const malformed = (message: string) =>
  fail('webhook_malformed', message, { details: { provider: 'stripe' } });

export function stripeProvider(config: StripeConfig): RemotePaymentProvider {
  const { secret_key, publishable_key, webhook_secret } = config;
  if (!secret_key || !publishable_key || !webhook_secret) {
    throw new Error('stripeProvider needs secret_key, publishable_key and webhook_secret');
  }
  const clock = config.clock ?? systemClock;
  const tolerance = config.webhook_tolerance_seconds ?? 300;
  const http = providerHttp({
    provider: 'stripe',
    baseUrl: config.base_url ?? stripeDefaultBaseUrl,
    headers: {
      authorization: `Bearer ${secret_key}`,
      accept: 'application/json',
      'stripe-version': config.api_version ?? stripeApiVersion,
    },
    resilience: config.resilience,
    // https://docs.stripe.com/error-low-level#idempotency — Stripe says when a retry is safe.
    transient: (response) => {
      const advice = response.headers.get('stripe-should-retry');
      if (advice === 'true') return true;
      if (advice === 'false') return false;
      return response.status === 429 || response.status >= 500;
    },
  });

  const post = async (path: string, body: string, idempotencyKey: string) => {
    const response = await http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': idempotencyKey },
      body,
      // Stripe replays the first answer for a repeated Idempotency-Key: safe to retry.
      repeatable: true,
    });
    if (response.status >= 300) throw stripeFailure(response);
    return response;
  };

  return {
    method: 'stripe',
    kind: 'remote',

    async createPayment(input): Promise<CreatedPayment> {
      const currency = assertCurrency(input.currency);
      const response = await post(
        '/v1/payment_intents',
        form({
          amount: toStripeAmount(input.amount, currency),
          currency: currency.toLowerCase(),
          'automatic_payment_methods[enabled]': 'true',
          'metadata[payment_id]': input.reference,
          description: input.description,
          receipt_email: input.customer?.email,
        }),
        input.idempotency_key,
      );
      const intent = expectObject<StripePaymentIntent>(response, 'payment_intent');
      if (typeof intent.client_secret !== 'string') {
        throw fail('provider_bad_response', 'Stripe answered without a client secret.', {
          details: { provider: 'stripe' },
        });
      }
      return {
        provider_ref: intent.id,
        status: paymentStatusFromStripe(intent.status, Boolean(intent.last_payment_error)),
        amount: fromStripeAmount(intent.amount, currency),
        currency,
        checkout: {
          provider: 'stripe',
          publishable_key,
          client_secret: intent.client_secret,
          payment_intent_id: intent.id,
        },
        raw_status: intent.status,
      };
    },

    async retrieve(providerRef): Promise<RetrievedPayment> {
      const response = await http.send({
        method: 'GET',
        path: `/v1/payment_intents/${encodeURIComponent(providerRef)}?${form({ 'expand[]': 'latest_charge' })}`,
        repeatable: true,
      });
      if (response.status >= 300) throw stripeFailure(response);
      const intent = expectObject<StripePaymentIntent>(response, 'payment_intent');
      const currency = intent.currency.toUpperCase();
      const charge = isObject(intent.latest_charge) ? intent.latest_charge : undefined;
      const error = intent.last_payment_error;
      return {
        provider_ref: intent.id,
        status: paymentStatusFromStripe(intent.status, Boolean(error)),
        amount: fromStripeAmount(intent.amount, currency),
        amount_received: fromStripeAmount(intent.amount_received ?? 0, currency),
        amount_refunded: fromStripeAmount(charge?.amount_refunded ?? 0, currency),
        currency,
        ...(charge && { payment_ref: charge.id }),
        ...(error && { failure_reason: error.message ?? error.decline_code ?? error.code }),
        raw_status: intent.status,
      };
    },

    async refund(input): Promise<RefundResult> {
      const currency = assertCurrency(input.currency);
      const response = await post(
        '/v1/refunds',
        form({
          payment_intent: input.provider_ref,
          amount: toStripeAmount(input.amount, currency),
          'metadata[reason]': input.reason,
        }),
        input.idempotency_key,
      );
      const refund = expectObject<StripeRefund>(response, 'refund');
      return {
        refund_ref: refund.id,
        status: refundStatusFromStripe(refund.status),
        amount: fromStripeAmount(refund.amount, currency),
        raw_status: refund.status,
      };
    },

    parseWebhook(rawBody, headers): WebhookEvent {
      const header = headerValue(headers, 'stripe-signature');
      if (!header) throw malformed('The request has no Stripe-Signature header.');
      const { timestamp, signatures } = parseSignatureHeader(header);
      const expected = hmacSha256Hex(webhook_secret, `${timestamp}.`, rawBody);
      if (!signatures.some((signature) => signatureMatches(expected, signature))) {
        throw fail('webhook_signature_invalid', 'No v1 signature matches the payload.', {
          details: { provider: 'stripe' },
        });
      }
      const age = Math.floor(clock.now().getTime() / 1000) - timestamp;
      if (Math.abs(age) > tolerance) {
        throw fail(
          'webhook_timestamp_stale',
          `The signature is ${age} s old; at most ${tolerance} s is accepted.`,
          {
            details: { provider: 'stripe', age_seconds: age, tolerance_seconds: tolerance },
          },
        );
      }
      let event: unknown;
      try {
        event = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw malformed('The webhook body is not JSON.');
      }
      if (
        !isObject(event) ||
        typeof event.id !== 'string' ||
        typeof event.type !== 'string' ||
        !isObject(event.data) ||
        !isObject(event.data.object)
      ) {
        throw malformed('The webhook body is not a Stripe event.');
      }
      return stripeEvent(event.id, event.type, event.data.object);
    },
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const whole = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;

/** A verified Stripe event → ours. https://docs.stripe.com/api/events/types */
function stripeEvent(id: string, type: string, object: Record<string, unknown>): WebhookEvent {
  const currency = text(object.currency)?.toUpperCase();
  const amount = (value: unknown) => {
    const minor = whole(value);
    return minor === undefined || currency === undefined ? undefined : fromStripeAmount(minor, currency);
  };
  const base = { event_id: id, provider_event: type, currency };
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const reference = text(metadata.payment_id);
  switch (type) {
    case 'payment_intent.succeeded':
      return {
        ...base,
        type: 'payment_succeeded',
        provider_ref: text(object.id) ?? null,
        ...(reference && { reference }),
        amount: amount(object.amount_received ?? object.amount),
      };
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const error = isObject(object.last_payment_error) ? object.last_payment_error : {};
      return {
        ...base,
        type: 'payment_failed',
        provider_ref: text(object.id) ?? null,
        ...(reference && { reference }),
        amount: amount(object.amount),
        failure_reason:
          type === 'payment_intent.canceled'
            ? `canceled${text(object.cancellation_reason) ? `: ${text(object.cancellation_reason)}` : ''}`
            : (text(error.message) ?? text(error.decline_code) ?? text(error.code) ?? 'payment failed'),
      };
    }
    case 'charge.refunded':
      return {
        ...base,
        type: 'refund_succeeded',
        provider_ref: text(object.payment_intent) ?? null,
        payment_ref: text(object.id),
        amount_refunded: amount(object.amount_refunded),
      };
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const status = text(object.status) ?? '';
      const mapped =
        type === 'refund.failed' || status === 'failed' || status === 'canceled'
          ? 'refund_failed'
          : status === 'succeeded'
            ? 'refund_succeeded'
            : 'ignored';
      return {
        ...base,
        type: mapped,
        provider_ref: text(object.payment_intent) ?? null,
        refund_ref: text(object.id),
        amount: amount(object.amount),
        ...(mapped === 'refund_failed' && { failure_reason: text(object.failure_reason) ?? 'refund failed' }),
      };
    }
    default:
      return {
        ...base,
        type: 'ignored',
        provider_ref:
          (object.object === 'payment_intent' ? text(object.id) : text(object.payment_intent)) ?? null,
      };
  }
}
