import type { Clock } from '@brigade/kernel';
import type { TestApp } from './app.js';
import { platformAdmin } from './principal.js';

export interface ManualClock extends Clock {
  set(instant: Date | string): void;
  advanceSeconds(seconds: number): void;
  advanceMinutes(minutes: number): void;
}

/** A clock tests move by hand. */
export function manualClock(start: Date | string = new Date()): ManualClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set(instant) {
      now = new Date(instant).getTime();
    },
    advanceSeconds(seconds) {
      now += seconds * 1000;
    },
    advanceMinutes(minutes) {
      now += minutes * 60_000;
    },
  };
}

export interface TaxSetup {
  prices_include_tax: boolean;
  default_category: string;
  rates: { category: string; name: string; rate_bps: number }[];
}

/** GST 5 % included in menu prices: an Indian restaurant's usual setting. */
export const includedGst: TaxSetup = {
  prices_include_tax: true,
  default_category: 'food',
  rates: [{ category: 'food', name: 'GST 5%', rate_bps: 500 }],
};

export interface RestaurantSettings {
  timezone?: string;
  currency?: string;
  tax?: TaxSetup;
}

/** A euro restaurant in UTC whose prices include 10 % VAT. */
export const euroVatRestaurant: RestaurantSettings = {
  timezone: 'UTC',
  currency: 'EUR',
  tax: {
    prices_include_tax: true,
    default_category: 'food',
    rates: [{ category: 'food', name: 'VAT 10%', rate_bps: 1000 }],
  },
};

/**
 * A restaurant created by the platform admin over HTTP (Kolkata, INR, GST included unless
 * told otherwise). Throws with the server's answer when it is refused.
 */
export async function createRestaurant<Restaurant extends { id: string; slug: string }>(
  t: TestApp,
  slug: string,
  settings: RestaurantSettings = {},
): Promise<Restaurant> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/restaurants',
    headers: platformAdmin(),
    payload: {
      name: `Restaurant ${slug}`,
      slug,
      timezone: settings.timezone ?? 'Asia/Kolkata',
      currency: settings.currency ?? 'INR',
      tax: settings.tax ?? includedGst,
    },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating restaurant ${slug}: ${response.statusCode} ${response.body}`);
  }
  return response.json() as Restaurant;
}

export interface OutboxRow {
  type: string;
  tenant_id: string;
  aggregate_id: string | null;
  payload: Record<string, unknown>;
}

/**
 * What a module's tests read behind its API, with the owner's privileges: its outbox (oldest
 * first, one restaurant, optionally one event type) and how many rows of one of its tables a
 * restaurant has.
 */
export function moduleRows(schema: string) {
  return {
    async outbox(t: TestApp, tenantId: string, type?: string): Promise<OutboxRow[]> {
      const rows = await t.db.admin.query<OutboxRow>(
        `select type, tenant_id, aggregate_id, payload from ${schema}.outbox where tenant_id = $1 order by id`,
        [tenantId],
      );
      return type ? rows.filter((row) => row.type === type) : rows;
    },
    async countRows(t: TestApp, table: string, tenantId: string): Promise<number> {
      const [row] = await t.db.admin.query<{ count: number }>(
        `select count(*)::int as count from ${schema}.${table} where tenant_id = $1`,
        [tenantId],
      );
      return row!.count;
    },
  };
}
