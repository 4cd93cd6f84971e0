import { z } from 'zod';

/** The maximum span of a daily sales series, in days. */
export const maxSeriesDays = 92;

export const dashboardQuerySchema = z.object({
  /** A business day (YYYY-MM-DD) in the restaurant's time zone; today when absent. */
  date: z.iso.date().optional(),
});

export const salesQuerySchema = z.object({
  /** First and last business day of the series, both included (at most 92 days). */
  from: z.iso.date(),
  to: z.iso.date(),
});

const money = z.number().int();
const count = z.number().int().min(0);

/**
 * A day's headline figures. Sales are the totals (tax included, after discounts) of the orders
 * placed that day and not cancelled, as last modified; tips and refunds are counted on the day
 * the money moved.
 */
export const figuresSchema = z.object({
  date: z.iso.date(),
  sales: money,
  orders: count,
  /** Sales per order, rounded half up to the minor unit; 0 without orders. */
  average_ticket: money,
  tips: money,
  refunds: money,
  cancelled_orders: count,
});

export const channelFiguresSchema = z.object({ channel: z.string(), orders: count, sales: money });

export const hourFiguresSchema = z.object({
  /** Hour of the restaurant's wall clock, 0–23. */
  hour: z.number().int().min(0).max(23),
  orders: count,
  sales: money,
});

export const topItemSchema = z.object({
  menu_item_id: z.uuid(),
  name: z.string(),
  /** Sold and not voided. */
  quantity: count,
  sales: money,
});

export const dashboardSchema = figuresSchema
  .extend({
    currency: z.string(),
    timezone: z.string(),
    by_channel: z.array(channelFiguresSchema),
    /** 24 entries, one per hour of the day: the peak hours. */
    by_hour: z.array(hourFiguresSchema),
    /** The 10 best sellers by quantity (then sales). */
    top_items: z.array(topItemSchema),
    /** The same figures for the same weekday a week before. */
    compare: figuresSchema,
  })
  .meta({ id: 'AnalyticsDashboard' });

export const dayFiguresSchema = z.object({
  date: z.iso.date(),
  orders: count,
  sales: money,
  average_ticket: money,
});

export const salesSeriesSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    currency: z.string(),
    timezone: z.string(),
    /** One entry per day from `from` to `to`, days without orders included. */
    data: z.array(dayFiguresSchema),
  })
  .meta({ id: 'AnalyticsSalesSeries' });

export type DashboardQuery = z.input<typeof dashboardQuerySchema>;
export type SalesQuery = z.input<typeof salesQuerySchema>;
export type Figures = z.infer<typeof figuresSchema>;
export type ChannelFigures = z.infer<typeof channelFiguresSchema>;
export type HourFigures = z.infer<typeof hourFiguresSchema>;
export type TopItem = z.infer<typeof topItemSchema>;
export type Dashboard = z.infer<typeof dashboardSchema>;
export type DayFigures = z.infer<typeof dayFiguresSchema>;
export type SalesSeries = z.infer<typeof salesSeriesSchema>;
