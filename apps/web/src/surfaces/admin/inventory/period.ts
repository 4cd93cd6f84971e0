/** Minutes the time zone is ahead of UTC at an instant (330 for Asia/Kolkata). */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const local = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((local - instant) / 60_000);
}

/** The UTC instant a business date (YYYY-MM-DD) starts at in the restaurant's time zone. */
export function startOfDay(date: string, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day);
  // Twice: the offset at the guess may differ from the one at the answer across a DST change.
  let instant = wall - offsetMinutes(wall, timeZone) * 60_000;
  instant = wall - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** The business date `days` before the given one (YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

/** A report period of whole business days, `from` to `to` inclusive, as the API's instants. */
export function periodOf(from: string, to: string, timeZone: string): { from: string; to: string } {
  return { from: startOfDay(from, timeZone), to: startOfDay(daysBefore(to, -1), timeZone) };
}
