/** What the inventory API answers (docs/api.md § Inventory); quantities are in the named unit. */

export const units = ['g', 'kg', 'ml', 'l', 'piece'] as const;
export type Unit = (typeof units)[number];
export type BaseUnit = 'g' | 'ml' | 'piece';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface InventorySettings {
  negative_stock: 'refuse' | 'allow';
  expiry_warning_days: number;
  consume_on: 'placed' | 'confirmed';
}

export interface Ingredient {
  id: string;
  name: string;
  sku: string | null;
  unit: Unit;
  base_unit: BaseUnit;
  cost_per_unit: number;
  category: string | null;
  storage_location: string | null;
  reorder_point: number;
  par_level: number;
  supplier_id: string | null;
  quantity: number;
  low_stock: boolean;
  flagged: boolean;
  archived: boolean;
}

export interface Level {
  ingredient_id: string;
  name: string;
  category: string | null;
  storage_location: string | null;
  quantity: number;
  unit: Unit;
  reorder_point: number;
  par_level: number;
  low_stock: boolean;
  flagged: boolean;
  value: number;
  updated_at: string;
}

export const transactionTypes = [
  'stock_in',
  'stock_out',
  'waste',
  'adjustment',
  'consumption',
  'return',
] as const;
export type TransactionType = (typeof transactionTypes)[number];

export interface StockTransaction {
  id: string;
  ingredient_id: string;
  type: TransactionType;
  quantity: number;
  unit: Unit;
  unit_cost: number;
  value: number;
  shortage: number;
  reason: string | null;
  note: string | null;
  order_id: string | null;
  purchase_order_id: string | null;
  count_id: string | null;
  created_at: string;
}

export interface ExpiringLot {
  lot_id: string;
  ingredient_id: string;
  name: string;
  lot_code: string | null;
  expires_on: string;
  remaining: number;
  unit: Unit;
  expired: boolean;
}

export interface Alerts {
  low_stock: Level[];
  flagged: Level[];
  expiring_lots: ExpiringLot[];
}

export type RecipeKind = 'item' | 'variant' | 'option';

export interface Recipe {
  kind: RecipeKind;
  target_id: string;
  name: string | null;
  lines: {
    ingredient_id: string;
    ingredient_name: string;
    quantity: number;
    unit: BaseUnit;
    yield_pct: number;
    cost: number;
  }[];
  cost: number;
}

export interface Supplier {
  id: string;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  lead_time_days: number;
  notes: string | null;
}

export const purchaseOrderStatuses = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export interface PurchaseOrder {
  id: string;
  supplier_id: string;
  status: PurchaseOrderStatus;
  notes: string | null;
  expected_on: string | null;
  lines: {
    id: string;
    ingredient_id: string;
    ingredient_name: string;
    ordered: number;
    received: number;
    unit: Unit;
    unit_cost: number;
    total: number;
  }[];
  total: number;
  sent_at: string | null;
  created_at: string;
}

export interface StockCount {
  id: string;
  status: 'open' | 'posted';
  note: string | null;
  lines: {
    ingredient_id: string;
    ingredient_name: string;
    unit: Unit;
    expected: number;
    counted: number;
    variance: number;
    variance_value: number;
  }[];
  variance_value: number;
  posted_at: string | null;
  created_at: string;
}

export interface VarianceReport {
  from: string;
  to: string;
  ingredients: {
    ingredient_id: string;
    name: string;
    unit: Unit;
    theoretical: number;
    actual: number;
    variance: number;
    theoretical_value: number;
    actual_value: number;
    variance_value: number;
  }[];
  items: {
    menu_item_id: string;
    name: string;
    quantity: number;
    revenue: number;
    cost: number;
    food_cost_pct: number | null;
  }[];
  totals: {
    revenue: number;
    theoretical_cost: number;
    actual_cost: number;
    food_cost_pct: number | null;
    actual_food_cost_pct: number | null;
  };
}
