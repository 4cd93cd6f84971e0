import type { Database, Tx } from '@brigade/db';
import {
  businessDate,
  businessDayBounds,
  type Clock,
  type RequestContext,
  systemContext,
} from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import {
  type AnalyticsService,
  dashboardQuerySchema,
  type Figures,
  analyticsErrors as fail,
  maxSeriesDays,
  salesQuerySchema,
} from './contract/index.js';
import { byChannel, byDay, byHour, moneyMoved, orderTotals, topItems, type Window } from './db/queries.js';
import { addDays, daysFrom } from './domain/calendar.js';
import { averageTicket, everyHour } from './domain/figures.js';

export interface AnalyticsDeps {
  db: Database;
  clock: Clock;
  tenants: () => TenantsService;
}

const topItemsShown = 10;

function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Analytics belong to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/** The window from the start of business day `from` to the end of business day `to`. */
function windowOf(tenantId: string, timeZone: string, from: string, to = from): Window {
  return {
    tenantId,
    from: businessDayBounds(from, timeZone).from,
    to: businessDayBounds(to, timeZone).to,
  };
}

async function figuresOf(tx: Tx, tenantId: string, timeZone: string, date: string): Promise<Figures> {
  const window = windowOf(tenantId, timeZone, date);
  const { orders, sales, cancelled } = await orderTotals(tx, window);
  const { tips, refunds } = await moneyMoved(tx, window);
  return {
    date,
    sales,
    orders,
    average_ticket: averageTicket(sales, orders),
    tips,
    refunds,
    cancelled_orders: cancelled,
  };
}

export function createAnalytics({ db, clock, tenants }: AnalyticsDeps): AnalyticsService {
  /** The restaurant's time zone and currency as they are set now (read through its contract). */
  const restaurantOf = (tenantId: string, ctx: RequestContext) =>
    tenants().getRestaurant(systemContext(tenantId, ctx.correlationId), { id: tenantId });

  return {
    async dashboard(ctx, raw) {
      const input = dashboardQuerySchema.parse(raw);
      const tenantId = tenantOf(ctx);
      const { timezone, currency } = await restaurantOf(tenantId, ctx);
      const date = input.date ?? businessDate(clock.now(), timezone);
      const window = windowOf(tenantId, timezone, date);
      return db.tenantTx(tenantId, async (tx) => ({
        ...(await figuresOf(tx, tenantId, timezone, date)),
        currency,
        timezone,
        by_channel: await byChannel(tx, window),
        by_hour: everyHour(await byHour(tx, window, timezone)),
        top_items: await topItems(tx, window, topItemsShown),
        compare: await figuresOf(tx, tenantId, timezone, addDays(date, -7)),
      }));
    },

    async sales(ctx, raw) {
      const { from, to } = salesQuerySchema.parse(raw);
      const days = daysFrom(from, to);
      if (days.length === 0) {
        throw fail('invalid_range', '`from` must not be after `to`.', {
          errors: [{ field: 'to', message: 'must not be before from' }],
        });
      }
      if (days.length > maxSeriesDays) {
        throw fail('invalid_range', `A series covers at most ${maxSeriesDays} days.`, {
          errors: [{ field: 'to', message: `at most ${maxSeriesDays} days after from` }],
        });
      }
      const tenantId = tenantOf(ctx);
      const { timezone, currency } = await restaurantOf(tenantId, ctx);
      const perDay = await db.tenantTx(tenantId, (tx) =>
        byDay(tx, windowOf(tenantId, timezone, from, to), timezone),
      );
      return {
        from,
        to,
        currency,
        timezone,
        data: days.map((date) => {
          const { orders, sales } = perDay.get(date) ?? { orders: 0, sales: 0 };
          return { date, orders, sales, average_ticket: averageTicket(sales, orders) };
        }),
      };
    },
  };
}
