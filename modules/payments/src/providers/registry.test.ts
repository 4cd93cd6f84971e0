import { DomainError } from '@brigade/kernel';
import { describe, expect, it } from 'vitest';
import { availableMethods, createProvider, ProviderCache } from './registry.js';

const stripeKeys = { secret_key: 'sk_test_1', publishable_key: 'pk_test_1', webhook_secret: 'whsec_1' };
const razorpayKeys = { key_id: 'rzp_test_1', key_secret: 'secret', webhook_secret: 'hook' };

describe('payment method registry', () => {
  it('offers cash alone to a restaurant with no settings', () => {
    expect(availableMethods({})).toEqual([
      { method: 'cash', available: true },
      { method: 'card_terminal', available: false, reason: 'disabled' },
      {
        method: 'stripe',
        available: false,
        reason: 'missing_keys',
        missing: ['secret_key', 'publishable_key', 'webhook_secret'],
      },
      {
        method: 'razorpay',
        available: false,
        reason: 'missing_keys',
        missing: ['key_id', 'key_secret', 'webhook_secret'],
      },
    ]);
  });

  it('makes a provider available only with all its keys, and honours switches', () => {
    const methods = availableMethods({
      cash: { enabled: false },
      card_terminal: { enabled: true },
      stripe: { ...stripeKeys, webhook_secret: '  ' },
      razorpay: razorpayKeys,
    });
    expect(methods).toEqual([
      { method: 'cash', available: false, reason: 'disabled' },
      { method: 'card_terminal', available: true },
      { method: 'stripe', available: false, reason: 'missing_keys', missing: ['webhook_secret'] },
      { method: 'razorpay', available: true },
    ]);
    expect(availableMethods({ stripe: { ...stripeKeys, enabled: false } })[2]).toEqual({
      method: 'stripe',
      available: false,
      reason: 'disabled',
    });
  });

  it('builds the provider for an available method and refuses the others with method_unavailable', () => {
    expect(createProvider({ stripe: stripeKeys }, 'stripe')).toMatchObject({
      method: 'stripe',
      kind: 'remote',
    });
    expect(createProvider({ razorpay: razorpayKeys }, 'razorpay')).toMatchObject({
      method: 'razorpay',
      kind: 'remote',
    });
    expect(createProvider({}, 'cash')).toMatchObject({ method: 'cash', kind: 'local' });
    try {
      createProvider({ stripe: { secret_key: 'sk_test_1' } }, 'stripe');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('method_unavailable');
      expect((error as DomainError).details).toMatchObject({
        missing: ['publishable_key', 'webhook_secret'],
      });
    }
  });

  it('keeps one provider per tenant and keys, so a circuit breaker outlives a request', () => {
    const cache = new ProviderCache({}, 2);
    const first = cache.get('tenant-a', { stripe: stripeKeys }, 'stripe');
    expect(cache.get('tenant-a', { stripe: stripeKeys }, 'stripe')).toBe(first);
    expect(cache.get('tenant-b', { stripe: stripeKeys }, 'stripe')).not.toBe(first);
    expect(
      cache.get('tenant-a', { stripe: { ...stripeKeys, secret_key: 'sk_test_rotated' } }, 'stripe'),
    ).not.toBe(first);
    // Bounded: the least recently used went.
    expect(cache.get('tenant-a', { stripe: stripeKeys }, 'stripe')).not.toBe(first);
    expect(() => cache.get('tenant-a', { stripe: { ...stripeKeys, enabled: false } }, 'stripe')).toThrow(
      DomainError,
    );
  });
});
