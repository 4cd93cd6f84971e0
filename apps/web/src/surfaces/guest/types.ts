/** What the guest surface reads about its table and its orders (docs/api.md § Orders, guests). */
export interface TableInfo {
  restaurant: { id: string; name: string; slug: string };
  table: { id: string; number: string; area: { id: string; name: string } | null };
}

export interface GuestOrder {
  order_id: string;
  order_number: string;
  status: string;
  lines: {
    name: string;
    variant_name: string | null;
    options: string[];
    quantity: number;
    status: string;
    total: number;
  }[];
  total: number;
  currency: string;
  estimated_completion: string | null;
  history: { status: string; at: string }[];
  updated_at: string;
}

export interface TableOrders {
  session_id: string | null;
  data: GuestOrder[];
}

export type BillMethod = 'cash' | 'card' | 'online';
export type OnlineMethod = 'stripe' | 'razorpay';
/** A tip as the API takes it: a preset percentage (basis points) or an amount in minor units. */
export type TipInput = { percent_bps: number } | { amount: number };

/** The table's bill as its guests see it (docs/api.md § Payments, guests at a table). */
export interface GuestCheck {
  id: string;
  status: 'open' | 'closed';
  currency: string;
  table: { id: string; number: string };
  lines: { name: string; quantity: number; seat: number | null; total: number }[];
  subtotal: number;
  tax_total: number;
  discount_total: number;
  service_charge: number;
  service_charge_tax: number;
  total: number;
  paid: number;
  due: number;
  tip_options: { percent_bps: number; amount: number }[];
  parts: { id: string; label: string; amount: number; paid: number; due: number }[];
  bill_requested_at: string | null;
  bill_request_method: BillMethod | null;
  bill_request_tip: number | null;
  online_methods: OnlineMethod[];
  closed_at: string | null;
}

/** A payment started online: what the provider's browser script needs to finish it. */
export interface GuestPayment {
  id: string;
  status: string;
  amount: number;
  tip: number;
  currency: string;
  checkout:
    | { provider: 'stripe'; publishable_key: string; client_secret: string; payment_intent_id: string }
    | {
        provider: 'razorpay';
        key_id: string;
        order_id: string;
        amount: number;
        currency: string;
        name?: string;
        description?: string;
        prefill?: Record<string, string>;
      }
    | null;
}
