/**
 * A local stand-in for Stripe's API, test-only: the PaymentIntents and Refunds endpoints with
 * the request and response shapes of https://docs.stripe.com/api — form-encoded bodies with
 * bracket notation, Bearer secret-key auth, Idempotency-Key replay (same key and parameters →
 * the stored answer with `Idempotent-Replayed: true`; different parameters → idempotency_error),
 * `expand[]=latest_charge`, and Stripe's error bodies. Plus the webhook signing scheme.
 */
import { createHmac } from 'node:crypto';
import {
  type Answer,
  type ProviderServer,
  type RecordedRequest,
  randomId,
  startProviderServer,
} from './provider-server.js';

type Form = { [key: string]: string | string[] | Form };

/** `a[b]=1&c[]=x&c[]=y&d=2` → { a: { b: '1' }, c: ['x', 'y'], d: '2' } as Stripe reads it. */
export function parseStripeForm(body: string): Form {
  const root: Form = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    if (!parts) continue;
    const path = [parts[1]!, ...[...(parts[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1]!)];
    let node: Form = root;
    for (let index = 0; index < path.length; index += 1) {
      const name = path[index]!;
      const next = path[index + 1];
      if (next === undefined) {
        node[name] = value;
      } else if (next === '') {
        const list = (node[name] as string[] | undefined) ?? [];
        list.push(value);
        node[name] = list;
        break;
      } else {
        node[name] = (node[name] as Form | undefined) ?? {};
        node = node[name] as Form;
      }
    }
  }
  return root;
}

export interface StripeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean } | null;
  client_secret: string;
  currency: string;
  description: string | null;
  last_payment_error: Record<string, string> | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  receipt_email: string | null;
  status: string;
  created: number;
}

export interface StripeServer extends ProviderServer {
  secretKey: string;
  intents: Map<string, StripePaymentIntent>;
  charges: Map<string, StripeCharge>;
  /** What Stripe.js confirming in the browser does: the card is charged, or declined. */
  confirm(
    intentId: string,
    outcome?: 'succeeded' | { decline_code: string; message: string },
  ): StripePaymentIntent;
}

const error = (status: number, body: Record<string, string>, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: body },
  ...(headers && { headers }),
});

const missing = (kind: string, id: string, param = 'id') =>
  error(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${kind}: '${id}'`,
  });

/** https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (a few of them). */
const minimumCharge: Record<string, number> = { usd: 50, eur: 50, gbp: 30, inr: 50, jpy: 50, chf: 50 };

export async function startStripeServer(secretKey = `sk_test_${randomId('', 24)}`): Promise<StripeServer> {
  const intents = new Map<string, StripePaymentIntent>();
  const charges = new Map<string, StripeCharge>();
  const refunds = new Map<string, Record<string, unknown>>();
  const idempotent = new Map<string, { path: string; body: string; answer: Answer }>();

  const now = () => Math.floor(Date.now() / 1000);

  const withCharge = (intent: StripePaymentIntent, expand: string[]) =>
    expand.includes('latest_charge') && intent.latest_charge
      ? { ...intent, latest_charge: charges.get(intent.latest_charge) }
      : intent;

  const createIntent = (form: Form): Answer => {
    const amount =
      typeof form.amount === 'string' && /^\d+$/.test(form.amount) ? Number(form.amount) : Number.NaN;
    const currency = typeof form.currency === 'string' ? form.currency : '';
    if (Number.isNaN(amount)) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'amount',
        message: 'Missing required param: amount.',
      });
    }
    if (!/^[a-z]{3}$/.test(currency)) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid',
        param: 'currency',
        message: `Invalid currency: ${currency}.`,
      });
    }
    if (amount < (minimumCharge[currency] ?? 1)) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'amount',
        message: 'Amount must be at least the minimum charge amount.',
      });
    }
    const id = randomId('pi_');
    const automatic = form.automatic_payment_methods as Form | undefined;
    const intent: StripePaymentIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      automatic_payment_methods: automatic ? { enabled: automatic.enabled === 'true' } : null,
      client_secret: `${id}_secret_${randomId('', 25)}`,
      currency,
      description: typeof form.description === 'string' ? form.description : null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: (form.metadata as Record<string, string> | undefined) ?? {},
      receipt_email: typeof form.receipt_email === 'string' ? form.receipt_email : null,
      status: 'requires_payment_method',
      created: now(),
    };
    intents.set(id, intent);
    return { status: 200, body: intent };
  };

  const createRefund = (form: Form): Answer => {
    const intentId = typeof form.payment_intent === 'string' ? form.payment_intent : '';
    const intent = intents.get(intentId);
    if (!intent) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_intent',
        message: `No such payment_intent: '${intentId}'`,
      });
    }
    const charge = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
    if (charge?.status !== 'succeeded') {
      return error(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: 'This PaymentIntent does not have a successful charge to refund.',
      });
    }
    const left = charge.amount - charge.amount_refunded;
    const amount = form.amount === undefined ? left : Number(form.amount);
    if (left === 0) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      });
    }
    if (!Number.isInteger(amount) || amount <= 0 || amount > left) {
      return error(400, {
        type: 'invalid_request_error',
        param: 'amount',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`,
      });
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund = {
      id: randomId('re_'),
      object: 'refund',
      amount,
      charge: charge.id,
      currency: charge.currency,
      metadata: (form.metadata as Record<string, string> | undefined) ?? {},
      payment_intent: intent.id,
      reason: null,
      status: 'succeeded',
      created: now(),
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  };

  const route = (request: RecordedRequest): Answer => {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return error(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${(request.headers.authorization ?? '').slice(7, 15)}****`,
      });
    }
    if (request.method === 'GET') {
      const match = request.path.match(/^\/v1\/payment_intents\/([^/]+)$/);
      if (!match)
        return error(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (GET: ${request.path}).`,
        });
      const intent = intents.get(decodeURIComponent(match[1]!));
      if (!intent) return missing('payment_intent', decodeURIComponent(match[1]!));
      return { status: 200, body: withCharge(intent, request.query.getAll('expand[]')) };
    }
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return error(400, {
        type: 'invalid_request_error',
        message: 'Invalid request: bodies are application/x-www-form-urlencoded.',
      });
    }
    const form = parseStripeForm(request.body);
    if (request.path === '/v1/payment_intents') return createIntent(form);
    if (request.path === '/v1/refunds') return createRefund(form);
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (POST: ${request.path}).`,
    });
  };

  const server = await startProviderServer({
    serverError: (status) =>
      error(status, {
        type: 'api_error',
        message: 'An unknown error occurred while processing your request.',
      }),
    handle(request) {
      const key = request.headers['idempotency-key'];
      if (request.method !== 'POST' || typeof key !== 'string') return route(request);
      const earlier = idempotent.get(key);
      if (earlier) {
        if (earlier.path !== request.path || earlier.body !== request.body) {
          return error(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          });
        }
        return { ...earlier.answer, headers: { ...earlier.answer.headers, 'idempotent-replayed': 'true' } };
      }
      const answer = route(request);
      // Stripe stores the result of a request that reached execution, 4xx included (not 401/5xx).
      if (answer.status !== 401 && answer.status < 500)
        idempotent.set(key, { path: request.path, body: request.body, answer });
      return answer;
    },
  });

  return {
    ...server,
    secretKey,
    intents,
    charges,
    confirm(intentId, outcome = 'succeeded') {
      const intent = intents.get(intentId);
      if (!intent) throw new Error(`no intent ${intentId}`);
      if (outcome === 'succeeded') {
        const charge: StripeCharge = {
          id: randomId('ch_'),
          object: 'charge',
          amount: intent.amount,
          amount_captured: intent.amount,
          amount_refunded: 0,
          currency: intent.currency,
          payment_intent: intent.id,
          refunded: false,
          status: 'succeeded',
        };
        charges.set(charge.id, charge);
        Object.assign(intent, {
          status: 'succeeded',
          amount_received: intent.amount,
          latest_charge: charge.id,
          last_payment_error: null,
        });
      } else {
        const charge: StripeCharge = {
          id: randomId('ch_'),
          object: 'charge',
          amount: intent.amount,
          amount_captured: 0,
          amount_refunded: 0,
          currency: intent.currency,
          payment_intent: intent.id,
          refunded: false,
          status: 'failed',
        };
        charges.set(charge.id, charge);
        Object.assign(intent, {
          status: 'requires_payment_method',
          latest_charge: charge.id,
          last_payment_error: { type: 'card_error', code: 'card_declined', ...outcome },
        });
      }
      return intent;
    },
  };
}

/** An event as Stripe posts it to a webhook endpoint. */
export function stripeEventBody(type: string, object: unknown, id = randomId('evt_')): string {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2024-06-20',
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

/** Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the whsec_ string>`. */
export function signStripePayload(payload: string | Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
}

export function stripeSignatureHeader(
  payload: string | Buffer,
  secret: string,
  options: { timestamp?: number; extraSignatures?: string[] } = {},
): string {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signatures = [...(options.extraSignatures ?? []), signStripePayload(payload, secret, timestamp)];
  return [`t=${timestamp}`, ...signatures.map((signature) => `v1=${signature}`)].join(',');
}
