/** Calendar arithmetic on business days written YYYY-MM-DD (no time zone involved). */

const dayMs = 86_400_000;

const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The day `days` after `date` (before it when negative). */
export const addDays = (date: string, days: number): string => fromUtc(toUtc(date) + days * dayMs);

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function daysFrom(from: string, to: string): string[] {
  const span = Math.round((toUtc(to) - toUtc(from)) / dayMs);
  return Array.from({ length: Math.max(span + 1, 0) }, (_, index) => addDays(from, index));
}
