/**
 * Which payment methods a restaurant can take, and the provider for each, from its settings.
 * Provider keys are per tenant; without keys a method is simply unavailable (issue #7).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '@brigade/kernel';
import { cashProvider } from './cash.js';
import { providerErrors as fail } from './errors.js';
import type { ResilienceOptions } from './http.js';
import { type PaymentMethod, type PaymentProvider, paymentMethods } from './provider.js';
import { razorpayProvider } from './razorpay.js';
import { stripeProvider } from './stripe.js';
import { terminalProvider } from './terminal.js';

/** A restaurant's payment settings as the payments module stores them (secrets encrypted at rest there). */
export interface TenantPaymentSettings {
  /** On unless switched off. */
  cash?:
    | { enabled?: boolean | undefined; rounding?: Readonly<Record<string, number>> | undefined }
    | undefined;
  /** An external card terminal: off unless the restaurant has one. */
  card_terminal?: { enabled?: boolean | undefined } | undefined;
  stripe?:
    | {
        enabled?: boolean | undefined;
        secret_key?: string | null | undefined;
        publishable_key?: string | null | undefined;
        webhook_secret?: string | null | undefined;
      }
    | null
    | undefined;
  razorpay?:
    | {
        enabled?: boolean | undefined;
        key_id?: string | null | undefined;
        key_secret?: string | null | undefined;
        webhook_secret?: string | null | undefined;
        merchant_name?: string | null | undefined;
      }
    | null
    | undefined;
}

export type UnavailableReason = 'disabled' | 'missing_keys';

export interface MethodAvailability {
  method: PaymentMethod;
  available: boolean;
  reason?: UnavailableReason | undefined;
  /** For missing_keys: which settings are empty. */
  missing?: string[] | undefined;
}

/** Process-wide options: where the providers live (tests), the clock, the resilience tuning. */
export interface ProviderEnvironment {
  base_urls?: { stripe?: string | undefined; razorpay?: string | undefined } | undefined;
  clock?: Clock | undefined;
  resilience?: ResilienceOptions | undefined;
  webhook_tolerance_seconds?: number | undefined;
}

const filled = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

function missingKeys(fields: Record<string, string | null | undefined>): string[] {
  return Object.entries(fields)
    .filter(([, value]) => !filled(value))
    .map(([name]) => name);
}

export function methodAvailability(
  settings: TenantPaymentSettings,
  method: PaymentMethod,
): MethodAvailability {
  const disabled = { method, available: false, reason: 'disabled' as const };
  const needKeys = (missing: string[]): MethodAvailability =>
    missing.length === 0
      ? { method, available: true }
      : { method, available: false, reason: 'missing_keys', missing };
  switch (method) {
    case 'cash':
      return settings.cash?.enabled === false ? disabled : { method, available: true };
    case 'card_terminal':
      return settings.card_terminal?.enabled === true ? { method, available: true } : disabled;
    case 'stripe': {
      const stripe = settings.stripe;
      if (stripe?.enabled === false) return disabled;
      return needKeys(
        missingKeys({
          secret_key: stripe?.secret_key,
          publishable_key: stripe?.publishable_key,
          webhook_secret: stripe?.webhook_secret,
        }),
      );
    }
    case 'razorpay': {
      const razorpay = settings.razorpay;
      if (razorpay?.enabled === false) return disabled;
      return needKeys(
        missingKeys({
          key_id: razorpay?.key_id,
          key_secret: razorpay?.key_secret,
          webhook_secret: razorpay?.webhook_secret,
        }),
      );
    }
  }
}

/** Every method with whether the restaurant can take it (`GET /api/v1/payments/methods`). */
export function availableMethods(settings: TenantPaymentSettings): MethodAvailability[] {
  return paymentMethods.map((method) => methodAvailability(settings, method));
}

/** The provider for a method; `method_unavailable` when it is switched off or lacks keys. */
export function createProvider(
  settings: TenantPaymentSettings,
  method: PaymentMethod,
  environment: ProviderEnvironment = {},
): PaymentProvider {
  const availability = methodAvailability(settings, method);
  if (!availability.available) {
    throw fail('method_unavailable', `${method} is not available for this restaurant.`, {
      details: {
        method,
        reason: availability.reason,
        ...(availability.missing && { missing: availability.missing }),
      },
    });
  }
  switch (method) {
    case 'cash':
      return cashProvider({ rounding: settings.cash?.rounding });
    case 'card_terminal':
      return terminalProvider();
    case 'stripe': {
      const stripe = settings.stripe!;
      return stripeProvider({
        secret_key: stripe.secret_key!,
        publishable_key: stripe.publishable_key!,
        webhook_secret: stripe.webhook_secret!,
        base_url: environment.base_urls?.stripe,
        clock: environment.clock,
        resilience: environment.resilience,
        webhook_tolerance_seconds: environment.webhook_tolerance_seconds,
      });
    }
    case 'razorpay': {
      const razorpay = settings.razorpay!;
      return razorpayProvider({
        key_id: razorpay.key_id!,
        key_secret: razorpay.key_secret!,
        webhook_secret: razorpay.webhook_secret!,
        merchant_name: razorpay.merchant_name ?? undefined,
        base_url: environment.base_urls?.razorpay,
        resilience: environment.resilience,
      });
    }
  }
}

/**
 * Keeps one provider per (tenant, method, credentials) in the process, so its circuit breaker
 * remembers failures across requests; changed keys get a fresh provider. Bounded: the least
 * recently used provider goes first.
 */
export class ProviderCache {
  readonly #providers = new Map<string, PaymentProvider>();

  constructor(
    private readonly environment: ProviderEnvironment = {},
    private readonly maxEntries = 1000,
  ) {}

  get(tenantId: string, settings: TenantPaymentSettings, method: PaymentMethod): PaymentProvider {
    const credentials =
      method === 'stripe' ? settings.stripe : method === 'razorpay' ? settings.razorpay : settings[method];
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(credentials ?? null))
      .digest('base64url');
    const key = `${tenantId}\u0000${method}\u0000${fingerprint}`;
    const cached = this.#providers.get(key);
    if (cached) {
      this.#providers.delete(key);
      this.#providers.set(key, cached);
      return cached;
    }
    const provider = createProvider(settings, method, this.environment);
    this.#providers.set(key, provider);
    if (this.#providers.size > this.maxEntries) {
      const oldest = this.#providers.keys().next().value;
      if (oldest !== undefined) this.#providers.delete(oldest);
    }
    return provider;
  }
}
