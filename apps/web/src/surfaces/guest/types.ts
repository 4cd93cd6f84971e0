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
