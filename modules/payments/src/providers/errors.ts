import { defineErrors } from '@brigade/kernel';

/**
 * What the provider layer can fail with. The payments contract (src/contract/errors.ts, a later
 * slice) re-exports these codes next to its own; each kind maps to one HTTP status in @brigade/http.
 */
export const providerErrors = defineErrors({
  /** The customer's bank or card network said no (Stripe `card_error`). */
  payment_declined: 'rule',
  /** The provider refused our request as invalid (bad amount, refund larger than the charge, …). */
  provider_invalid_request: 'invalid',
  /** The provider knows no such payment, order or refund. */
  provider_ref_not_found: 'not_found',
  /** Same idempotency key, different parameters (Stripe `idempotency_error`). */
  provider_idempotency_conflict: 'conflict',
  /** A 5xx, a 429 that did not clear, a timeout, a network failure or an open circuit. */
  provider_unavailable: 'unavailable',
  /** The provider refused the tenant's keys: a configuration problem, not the customer's. */
  provider_credentials_rejected: 'unavailable',
  /** The provider answered something that is not its documented shape. */
  provider_bad_response: 'unavailable',
  /** The operation does not exist for this method (e.g. a status poll for cash). */
  provider_operation_unsupported: 'rule',
  /** The method has no keys for this tenant (or is switched off). */
  method_unavailable: 'rule',
  webhook_signature_invalid: 'invalid',
  webhook_timestamp_stale: 'invalid',
  webhook_malformed: 'invalid',
  /** Not a whole positive number of minor units, or not expressible in the provider's unit. */
  amount_invalid: 'invalid',
  currency_invalid: 'invalid',
  /** External terminal: the terminal's transaction reference is missing or unusable. */
  terminal_reference_invalid: 'invalid',
  /** Something that looks like a card number was typed where only a reference belongs (PCI). */
  card_data_refused: 'invalid',
  /** Cash: less was handed over than is due. */
  cash_tendered_insufficient: 'rule',
});

export type ProviderErrorCode = keyof typeof providerErrors.codes;
