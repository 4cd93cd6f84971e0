import { queryRows, type Tx } from '@brigade/db';
import { sql } from 'drizzle-orm';
import type { Ingredient, InventorySettings, Level, Unit } from '../contract/index.js';
import { inventoryErrors as fail } from '../contract/index.js';
import { fromBase, valueAt } from '../domain/units.js';

/**
 * Rows of the inventory schema and their wire shapes. Numeric columns arrive as strings from
 * both drivers: `num` reads them.
 */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
export const iso = (value: unknown): string => new Date(value as string | Date).toISOString();
export const isoOrNull = (value: unknown): string | null => (value ? iso(value) : null);
export const dateOnly = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

export interface IngredientRow {
  id: string;
  tenant_id: string;
  name: string;
  sku: string | null;
  unit: Unit;
  base_unit: 'g' | 'ml' | 'piece';
  cost_per_unit: number;
  category: string | null;
  storage_location: string | null;
  reorder_point: string;
  par_level: string;
  supplier_id: string | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
  quantity: string;
  low: boolean;
  flagged: boolean;
  level_updated_at: string;
}

export const ingredientColumns = sql`i.id, i.tenant_id, i.name, i.sku, i.unit, i.base_unit, i.cost_per_unit, i.category,
  i.storage_location, i.reorder_point, i.par_level, i.supplier_id, i.archived, i.created_at, i.updated_at,
  l.quantity, l.low, l.flagged, l.updated_at as level_updated_at`;
export const ingredientFrom = sql`inventory.ingredients i join inventory.levels l on l.ingredient_id = i.id`;

export async function loadIngredient(tx: Tx, id: string, lock = false): Promise<IngredientRow> {
  const [row] = await queryRows<IngredientRow>(
    tx,
    sql`select ${ingredientColumns} from ${ingredientFrom} where i.id = ${id}
        ${lock ? sql`for update of l` : sql``}`,
  );
  if (!row) throw fail('ingredient_not_found', `No ingredient ${id}.`);
  return row;
}

/**
 * These ingredients with their levels, by id, in one query (unknown ids are left out). With
 * `lock`, their level rows are locked in id order (so concurrent multi-ingredient movements
 * never deadlock).
 */
export async function loadIngredients(
  tx: Tx,
  ids: string[],
  { lock = false } = {},
): Promise<Map<string, IngredientRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<IngredientRow>(
    tx,
    sql`select ${ingredientColumns} from ${ingredientFrom} where i.id in (${sql.join(
      unique.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})${lock ? sql` order by i.id for update of l` : sql``}`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export function toIngredient(row: IngredientRow): Ingredient {
  return {
    id: row.id,
    name: row.name,
    sku: row.sku,
    unit: row.unit,
    base_unit: row.base_unit,
    cost_per_unit: num(row.cost_per_unit),
    category: row.category,
    storage_location: row.storage_location,
    reorder_point: fromBase(num(row.reorder_point), row.unit),
    par_level: fromBase(num(row.par_level), row.unit),
    supplier_id: row.supplier_id,
    quantity: fromBase(num(row.quantity), row.unit),
    low_stock: row.low,
    flagged: row.flagged,
    archived: row.archived,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function toLevel(row: IngredientRow): Level {
  return {
    ingredient_id: row.id,
    name: row.name,
    category: row.category,
    storage_location: row.storage_location,
    quantity: fromBase(num(row.quantity), row.unit),
    unit: row.unit,
    reorder_point: fromBase(num(row.reorder_point), row.unit),
    par_level: fromBase(num(row.par_level), row.unit),
    low_stock: row.low,
    flagged: row.flagged,
    value: Math.max(0, valueAt(num(row.quantity), num(row.cost_per_unit), row.unit)),
    updated_at: iso(row.level_updated_at),
  };
}

export async function loadSettings(tx: Tx, tenantId: string): Promise<InventorySettings> {
  const [row] = await queryRows<InventorySettings>(
    tx,
    sql`select negative_stock, expiry_warning_days, consume_on from inventory.settings where tenant_id = ${tenantId}`,
  );
  return row
    ? { ...row, expiry_warning_days: num(row.expiry_warning_days) }
    : { negative_stock: 'refuse', expiry_warning_days: 3, consume_on: 'placed' };
}
