/** A line of an order as the kitchen needs it (the orders contract's line event, narrowed). */
export interface KitchenLine {
  line_id: string;
  name: string;
  variant_name: string | null;
  options: string[];
  quantity: number;
  notes: string | null;
  seat: number | null;
  course: number;
  station: string | null;
  prep_time_seconds: number | null;
}

export interface RoutedTicket {
  station: string;
  course: number;
  lines: KitchenLine[];
}

/**
 * One ticket per (station, course), in the order stations first appear on the order; items
 * without a station go to `defaultStation`. Lines keep their order within a ticket.
 */
export function routeLines(lines: readonly KitchenLine[], defaultStation: string): RoutedTicket[] {
  const tickets = new Map<string, RoutedTicket>();
  for (const line of lines) {
    const station = line.station ?? defaultStation;
    const key = `${station}\u0000${line.course}`;
    const ticket = tickets.get(key) ?? { station, course: line.course, lines: [] };
    ticket.lines.push(line);
    tickets.set(key, ticket);
  }
  return [...tickets.values()].sort((a, b) => a.course - b.course);
}

/** A ticket's target: its slowest item's prep time, or the default when none has one. */
export function targetSeconds(
  items: readonly { prep_time_seconds: number | null }[],
  defaultSeconds: number,
): number {
  const known = items
    .map((item) => item.prep_time_seconds)
    .filter((value): value is number => value !== null && value > 0);
  return known.length > 0 ? Math.max(...known) : defaultSeconds;
}
