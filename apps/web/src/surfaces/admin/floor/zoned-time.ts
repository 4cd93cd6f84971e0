/** Wall-clock parts of an instant in a time zone. */
function wallClock(at: Date, timeZone: string) {
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
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    utcMillis: Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    ),
  };
}

/** An instant → the date (YYYY-MM-DD) and time (HH:mm) a clock in the time zone shows. */
export function toZoned(iso: string, timeZone: string): { date: string; time: string } {
  const { date, time } = wallClock(new Date(iso), timeZone);
  return { date, time };
}

/**
 * A date (YYYY-MM-DD) and time (HH:mm) on the restaurant's clock → the UTC instant (ISO-8601),
 * or null when they are not a real date and time. A time skipped by a DST change moves forward.
 */
export function fromZoned(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [+d[1]!, +d[2]!, +d[3]!, +t[1]!, +t[2]!];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59)
    return null;
  // Shift by the zone's offset, then by the offset at that instant (they differ near DST changes);
  // a wall time that does not exist (skipped by DST) takes the first shift: an hour later.
  const offsetAt = (instant: number) => wallClock(new Date(instant), timeZone).utcMillis - instant;
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  const shows = (instant: number) => wallClock(new Date(instant), timeZone).utcMillis === asUtc;
  return new Date(shows(second) ? second : first).toISOString();
}
