import type { RequestContext } from '@brigade/kernel';
import type { Dashboard, DashboardQuery, SalesQuery, SalesSeries } from './schemas.js';

export * from './errors.js';
export * from './permissions.js';
export * from './schemas.js';

/**
 * The analytics module's contract (issue 8 point 4): a restaurant's sales figures, read from a
 * model built only from the orders and payments modules' events. Business days are those of
 * the restaurant's time zone as it is set when asked. Money is integer minor units.
 */
export interface AnalyticsService {
  /** One business day's figures, by channel, by hour and best sellers, against a week before. */
  dashboard(ctx: RequestContext, input: DashboardQuery): Promise<Dashboard>;
  /** Orders, sales and average ticket per business day, `from` to `to` included. */
  sales(ctx: RequestContext, input: SalesQuery): Promise<SalesSeries>;
}
