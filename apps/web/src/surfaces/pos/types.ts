/** A table on the floor plan (docs/api.md § Floor). */
export interface FloorTable {
  id: string;
  number: string;
  capacity: number;
  area_id: string | null;
  status: 'available' | 'occupied' | 'reserved' | 'cleaning';
  open_session_id: string | null;
  position: { x: number; y: number; width: number; height: number; shape: string } | null;
}

export const orderStatuses = [
  'pending',
  'confirmed',
  'payment_failed',
  'preparing',
  'ready',
  'served',
  'picked_up',
  'out_for_delivery',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface OrderLine {
  id: string;
  name: string;
  variant_name: string | null;
  options: { id: string; name: string }[];
  quantity: number;
  total: number;
  notes: string | null;
  seat: number | null;
  course: number;
  kitchen_state: 'queued' | 'started' | 'done';
  status: 'active' | 'voided';
  void_reason: string | null;
}

export interface DeliveryAddress {
  line1: string;
  line2?: string;
  city: string;
  postal_code?: string;
  instructions?: string;
}

/** An order as `GET /orders/{id}` answers it (docs/api.md § Orders), the fields the POS shows. */
export interface Order {
  id: string;
  number: string;
  channel: 'dine_in' | 'takeout' | 'delivery' | 'online';
  status: OrderStatus;
  table_number: string | null;
  session_id: string | null;
  customer: { name?: string; phone?: string; email?: string } | null;
  delivery_address: DeliveryAddress | null;
  notes: string | null;
  lines: OrderLine[];
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  created_at: string;
}

export interface HistoryEntry {
  status: OrderStatus;
  from: OrderStatus | null;
  at: string;
  reason: string | null;
}

export interface CheckPart {
  id: string;
  position: number;
  label: string;
  amount: number;
  paid: number;
  due: number;
  items: { line_id: string; name: string; numerator: number; denominator: number; amount: number }[];
}

/** A check (docs/api.md § Payments and checks). */
export interface Check {
  id: string;
  status: 'open' | 'closed';
  currency: string;
  lines: {
    line_id: string;
    order_id: string;
    name: string;
    quantity: number;
    seat: number | null;
    total: number;
  }[];
  subtotal: number;
  tax_total: number;
  service_charge: number;
  total: number;
  paid: number;
  due: number;
  tip_total: number;
  tip_options: { percent_bps: number; amount: number }[];
  split_mode: string | null;
  parts: CheckPart[];
}

export interface Payment {
  id: string;
  status: 'processing' | 'requires_action' | 'pending' | 'succeeded' | 'failed';
  method: PaymentMethod;
  amount: number;
  tip: number;
  rounding_adjustment: number;
  tendered: number | null;
  change_due: number | null;
  failure_reason: string | null;
}

export type PaymentMethod = 'cash' | 'card_terminal' | 'stripe' | 'razorpay';

/** The split requests of `POST /checks/{id}/split`. */
export type SplitRequest =
  | { mode: 'even'; parts: number }
  | { mode: 'seat' }
  | { mode: 'item'; parts: { label?: string; items: { line_id: string }[] }[] }
  | { mode: 'amount'; amounts: number[] };
