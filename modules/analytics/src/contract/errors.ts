import { defineErrors } from '@brigade/kernel';

export const analyticsErrors = defineErrors({
  /** `from` after `to`, or a series longer than 92 days. */
  invalid_range: 'invalid',
  /** Analytics belong to a restaurant; the caller (the platform admin) acts for none. */
  restaurant_required: 'invalid',
});

export type AnalyticsErrorCode = keyof typeof analyticsErrors.codes;
