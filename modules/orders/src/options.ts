import type { DiscountPolicy } from './contract/index.js';

/** Settings the composition root passes in. */
export interface OrdersOptions {
  /**
   * Keys guests' tracking tokens (HMAC-SHA256, domain-separated). Changing it invalidates
   * every tracking link handed out before.
   */
  trackingSecret: string;
  /** Decides an order's discounts (the promotions module, later); none without it. */
  discounts?: DiscountPolicy | undefined;
  /** Guest orders and tracking lookups per table or order code per minute (an address gets 20 codes' worth). */
  publicRequestsPerCodePerMinute: number;
}

/** For development and tests; production configuration must set its own secret. */
export const developmentTrackingSecret =
  'brigade-orders-development-tracking-secret-do-not-use-in-production';

export const defaultOrdersOptions: OrdersOptions = {
  trackingSecret: developmentTrackingSecret,
  publicRequestsPerCodePerMinute: 60,
};
