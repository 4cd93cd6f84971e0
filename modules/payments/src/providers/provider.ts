/**
 * The one interface every payment method implements (issue #7). Card data never reaches us:
 * remote providers collect it in the browser (Stripe Elements, Razorpay Checkout) and we keep
 * only their references. Amounts are integer minor units of ISO 4217 currencies (DESIGN.md §9)
 * — adapters convert where a provider counts differently.
 */

export type PaymentMethod = 'cash' | 'card_terminal' | 'stripe' | 'razorpay';

export const paymentMethods: readonly PaymentMethod[] = ['cash', 'card_terminal', 'stripe', 'razorpay'];

/**
 * requires_action: the customer still has to do something in the browser (enter a card,
 * 3-D Secure, pick UPI …). pending: the provider is processing. failed: the last attempt
 * failed — for Stripe and Razorpay the customer may still retry on the same intent/order, so a
 * later `payment_succeeded` can follow.
 */
export type PaymentStatus = 'requires_action' | 'pending' | 'succeeded' | 'failed';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface CreatePaymentInput {
  amount: number;
  currency: string;
  /** Our payment id: stored at the provider (metadata / receipt) to find it again. */
  reference: string;
  /** Stable per payment attempt: replays never charge or create twice where the provider supports it. */
  idempotency_key: string;
  description?: string | undefined;
  /** Only what a provider uses for receipts/prefill; never card data. */
  customer?:
    | { email?: string | undefined; phone?: string | undefined; name?: string | undefined }
    | undefined;
  /** Cash: what the guest handed over (defaults to the amount due). */
  tendered?: number | undefined;
  /** External card terminal: the terminal's transaction reference (approval code, receipt number). */
  terminal_reference?: string | undefined;
}

/** What the browser needs to finish a remote payment. Never a secret of ours. */
export type CheckoutPayload =
  | { provider: 'stripe'; publishable_key: string; client_secret: string; payment_intent_id: string }
  | {
      provider: 'razorpay';
      key_id: string;
      order_id: string;
      amount: number;
      currency: string;
      name?: string | undefined;
      description?: string | undefined;
      prefill?:
        | { email?: string | undefined; contact?: string | undefined; name?: string | undefined }
        | undefined;
    };

export interface CreatedPayment {
  provider_ref: string;
  status: PaymentStatus;
  /** The amount recorded (for cash, after cash rounding). */
  amount: number;
  currency: string;
  checkout?: CheckoutPayload | undefined;
  /** Cash only. */
  cash?: { tendered: number; change_due: number; rounding_adjustment: number } | undefined;
  /** The provider's own status word, for logs and support. */
  raw_status: string;
}

export interface RetrievedPayment {
  provider_ref: string;
  status: PaymentStatus;
  /** What the payment is for, in ISO minor units. */
  amount: number;
  /** What the provider actually collected (0 until it succeeded). */
  amount_received: number;
  amount_refunded: number;
  currency: string;
  /** The provider's payment id where it differs from provider_ref (Razorpay `pay_…`). */
  payment_ref?: string | undefined;
  failure_reason?: string | undefined;
  raw_status: string;
}

export interface RefundInput {
  provider_ref: string;
  amount: number;
  currency: string;
  reason: string;
  idempotency_key: string;
  /** External card terminal: the terminal's refund reference. */
  terminal_reference?: string | undefined;
}

export interface RefundResult {
  refund_ref: string;
  status: RefundStatus;
  amount: number;
  raw_status: string;
}

export type WebhookEventType =
  | 'payment_succeeded'
  | 'payment_failed'
  | 'refund_succeeded'
  | 'refund_failed'
  | 'ignored';

export interface WebhookEvent {
  /** The provider's event id: deduplicate on (method, event_id). */
  event_id: string;
  type: WebhookEventType;
  /** The provider's event name, e.g. `payment_intent.succeeded`. */
  provider_event: string;
  /** Our stored reference (Stripe PaymentIntent id, Razorpay order id); null when the event has none. */
  provider_ref: string | null;
  /**
   * Our payment id as we handed it to the provider (Stripe `metadata[payment_id]`): finds a
   * payment whose create answer was lost before we stored provider_ref.
   */
  reference?: string | undefined;
  /** The provider's payment id where it differs (Razorpay `pay_…`). */
  payment_ref?: string | undefined;
  refund_ref?: string | undefined;
  /** ISO minor units: the payment's amount, or the refund's. */
  amount?: number | undefined;
  /** Everything refunded on the payment so far, when the event says (Stripe `charge.refunded`). */
  amount_refunded?: number | undefined;
  currency?: string | undefined;
  failure_reason?: string | undefined;
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

interface ProviderBase {
  readonly method: PaymentMethod;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  refund(input: RefundInput): Promise<RefundResult>;
}

/** Cash and the external terminal: settled on the spot, nothing to poll, no webhooks. */
export interface LocalPaymentProvider extends ProviderBase {
  readonly kind: 'local';
}

/** Stripe and Razorpay: asynchronous, reconciled by webhook or status poll. */
export interface RemotePaymentProvider extends ProviderBase {
  readonly kind: 'remote';
  retrieve(providerRef: string): Promise<RetrievedPayment>;
  /**
   * Verifies the signature over the raw body (exactly the bytes received) and maps the event;
   * throws `webhook_signature_invalid`, `webhook_timestamp_stale` or `webhook_malformed`.
   */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): WebhookEvent;
}

export type PaymentProvider = LocalPaymentProvider | RemotePaymentProvider;

/** A header's single value, case-insensitively (Node lower-cases incoming names). */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
