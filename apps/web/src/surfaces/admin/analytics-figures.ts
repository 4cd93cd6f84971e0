/** What the dashboard shows, as the analytics API answers it (docs/api.md § Analytics). */
export interface Figures {
  date: string;
  sales: number;
  orders: number;
  average_ticket: number;
  tips: number;
  refunds: number;
  cancelled_orders: number;
}

export interface HourFigures {
  hour: number;
  orders: number;
  sales: number;
}

export interface DashboardData extends Figures {
  currency: string;
  timezone: string;
  by_channel: { channel: string; orders: number; sales: number }[];
  by_hour: HourFigures[];
  top_items: { menu_item_id: string; name: string; quantity: number; sales: number }[];
  compare: Figures;
}

/** The figures compared on the cards, in their order. */
export const cardFigures = ['sales', 'orders', 'average_ticket', 'tips'] as const;
export type CardFigure = (typeof cardFigures)[number];

/** Relative change against a week before (0.25 = +25 %); null when there is nothing to compare with. */
export function changeFrom(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/** The busiest hour by sales (the earliest of equals); null on a day without sales. */
export function peakHour(hours: HourFigures[]): HourFigures | null {
  return hours.reduce<HourFigures | null>(
    (best, hour) => (hour.sales > 0 && (!best || hour.sales > best.sales) ? hour : best),
    null,
  );
}

/** Each hour's bar as a share (0–1) of the busiest hour's sales. */
export function barShares(hours: HourFigures[]): number[] {
  const most = Math.max(0, ...hours.map((hour) => hour.sales));
  return hours.map((hour) => (most > 0 ? Math.max(hour.sales, 0) / most : 0));
}
