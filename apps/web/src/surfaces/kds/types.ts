/** Wire shapes of the kitchen display API (docs/api.md § Kitchen display). */
export interface Ticket {
  id: string;
  order_id: string;
  order_number: string;
  channel: string;
  table_id: string | null;
  /** The table's label ("T2") for dine-in orders placed at a table. */
  table_number: string | null;
  station: string;
  course: number;
  type: 'food' | 'void';
  status: 'held' | 'fired' | 'started' | 'bumped' | 'cancelled';
  rush: boolean;
  reason: string | null;
  items: {
    line_id: string;
    name: string;
    variant_name: string | null;
    options: string[];
    quantity: number;
    notes: string | null;
    seat: number | null;
  }[];
  target_seconds: number;
  elapsed_seconds: number;
  late: boolean;
  fired_at: string | null;
  bumped_at: string | null;
}

export interface StationSummary {
  station: string;
  held: number;
  fired: number;
  started: number;
  late: number;
}

export interface AllDayRow {
  name: string;
  variant_name: string | null;
  quantity: number;
  not_started: number;
}

export interface ExpoOrder {
  order_id: string;
  order_number: string;
  channel: string;
  table_number: string | null;
  status: string;
  elapsed_seconds: number;
  tickets: Ticket[];
  tickets_total: number;
  tickets_bumped: number;
  done: boolean;
}

export interface Page<T> {
  data: T[];
  next_cursor?: string | null;
}
