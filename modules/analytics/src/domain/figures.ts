/** Pure arithmetic of the analytics figures. */

/** Sales per order, rounded half up to the minor unit; 0 without orders. */
export const averageTicket = (sales: number, orders: number): number =>
  orders > 0 ? Math.round(sales / orders) : 0;

/** Hours 0–23 with their figures, hours without orders as zeros. */
export function everyHour(rows: { hour: number; orders: number; sales: number }[]) {
  const byHour = new Map(rows.map((row) => [row.hour, row]));
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    orders: byHour.get(hour)?.orders ?? 0,
    sales: byHour.get(hour)?.sales ?? 0,
  }));
}
