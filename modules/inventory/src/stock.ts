import { queryRows } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import {
  inventoryEvents as events,
  inventoryErrors as fail,
  type StockTransaction,
  type Unit,
} from './contract/index.js';
import { type IngredientRow, iso, loadIngredient, num } from './db/rows.js';
import { lowStockTransition } from './domain/alerts.js';
import { fromBase, roundQuantity, toBase, valueAt } from './domain/units.js';
import { actorOf, type StockTx } from './support.js';

/**
 * The one way stock moves (issue 9 point 1): a transaction row and the level it changes, in
 * the same database transaction, under a lock on the level row, so the level is always the sum
 * of the transactions and concurrent movements of one ingredient run one at a time.
 */
export type MovementType = StockTransaction['type'];

export interface Movement {
  type: MovementType;
  /** Signed, base units. */
  quantity: number;
  /** Minor units per ingredient unit; the ingredient's cost when absent. */
  unitCost?: number;
  shortage?: number;
  reason?: string | null;
  note?: string | null;
  lot?: { code: string | null; expiresOn: string | null } | null;
  orderId?: string | null;
  lineId?: string | null;
  purchaseOrderId?: string | null;
  countId?: string | null;
  /** Refuse a level below zero (a stock-out under the refuse policy). */
  refuseNegative?: boolean;
}

export interface TransactionRow {
  id: string;
  ingredient_id: string;
  type: MovementType;
  quantity: string;
  unit_cost: number;
  value: number;
  shortage: string;
  reason: string | null;
  note: string | null;
  lot_id: string | null;
  order_id: string | null;
  line_id: string | null;
  purchase_order_id: string | null;
  count_id: string | null;
  actor: string | null;
  created_at: string;
}

export function toTransaction(row: TransactionRow, unit: Unit): StockTransaction {
  return {
    id: row.id,
    ingredient_id: row.ingredient_id,
    type: row.type,
    quantity: fromBase(num(row.quantity), unit),
    unit,
    unit_cost: num(row.unit_cost),
    value: num(row.value),
    shortage: fromBase(num(row.shortage), unit),
    reason: row.reason,
    note: row.note,
    lot_id: row.lot_id,
    order_id: row.order_id,
    line_id: row.line_id,
    purchase_order_id: row.purchase_order_id,
    count_id: row.count_id,
    actor: row.actor,
    created_at: iso(row.created_at),
  };
}

/** `quantity` in `unit` (the ingredient's own when absent) as base units; another dimension → unit_mismatch. */
export function baseQuantity(
  ingredient: { name: string; unit: Unit },
  quantity: number,
  unit?: Unit,
): number {
  const base = toBase(quantity, unit ?? ingredient.unit, ingredient.unit);
  if (base === null) {
    throw fail(
      'unit_mismatch',
      `${ingredient.name} is measured in ${ingredient.unit}; ${unit} is not convertible.`,
      {
        errors: [{ field: 'unit', message: `not convertible to ${ingredient.unit}` }],
      },
    );
  }
  return base;
}

/** Locks the level rows of these ingredients in id order (so concurrent multi-ingredient movements never deadlock). */
export async function lockLevels(s: StockTx, ingredientIds: string[]): Promise<void> {
  const ids = [...new Set(ingredientIds)].sort();
  if (ids.length === 0) return;
  await s.tx.execute(
    sql`select 1 from inventory.levels where ingredient_id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) order by ingredient_id for update`,
  );
}

/** Records one movement and applies it to the level (locked here). Returns the transaction row. */
export async function move(
  s: StockTx,
  ingredient: IngredientRow,
  movement: Movement,
): Promise<TransactionRow> {
  const now = s.clock.now().toISOString();
  const [level] = await queryRows<{ quantity: string }>(
    s.tx,
    sql`select quantity from inventory.levels where ingredient_id = ${ingredient.id} for update`,
  );
  const before = num(level?.quantity);
  const quantity = roundQuantity(movement.quantity);
  const after = roundQuantity(before + quantity);
  if (movement.refuseNegative && quantity < 0 && after < 0) {
    throw fail(
      'insufficient_stock',
      `Only ${fromBase(before, ingredient.unit)} ${ingredient.unit} of ${ingredient.name} in stock.`,
      {
        details: {
          ingredient_id: ingredient.id,
          available: fromBase(before, ingredient.unit),
          unit: ingredient.unit,
        },
      },
    );
  }
  const unitCost = movement.unitCost ?? num(ingredient.cost_per_unit);
  let lotId: string | null = null;
  if (movement.lot && quantity > 0) {
    lotId = newId();
    await s.tx.execute(sql`insert into inventory.lots
      (id, tenant_id, ingredient_id, lot_code, expires_on, received_quantity, remaining, created_at)
      values (${lotId}, ${s.tenantId}, ${ingredient.id}, ${movement.lot.code}, ${movement.lot.expiresOn}::date,
              ${quantity}, ${quantity}, ${now})`);
  } else if (quantity < 0) {
    await takeFromLots(s, ingredient.id, -quantity);
  }
  const shortage = roundQuantity(movement.shortage ?? 0);
  const [row] = await queryRows<TransactionRow>(
    s.tx,
    sql`insert into inventory.transactions
      (id, tenant_id, ingredient_id, type, quantity, unit_cost, value, shortage, reason, note, lot_id, order_id,
       line_id, purchase_order_id, count_id, actor, created_at)
      values (${newId()}, ${s.tenantId}, ${ingredient.id}, ${movement.type}, ${quantity}, ${unitCost},
              ${valueAt(quantity, unitCost, ingredient.unit)}, ${shortage}, ${movement.reason ?? null},
              ${movement.note ?? null}, ${lotId}, ${movement.orderId ?? null}, ${movement.lineId ?? null},
              ${movement.purchaseOrderId ?? null}, ${movement.countId ?? null}, ${actorOf(s.ctx)}, ${now})
      returning *`,
  );
  // Flagged while below zero or short for an order; cleared once stock is back above zero.
  const flagged = after < 0 || shortage > 0 ? sql`true` : after > 0 ? sql`false` : sql`flagged`;
  await s.tx.execute(sql`update inventory.levels
    set quantity = quantity + ${quantity}, flagged = ${flagged}, updated_at = ${now}
    where ingredient_id = ${ingredient.id}`);
  return row!;
}

/** Takes `quantity` (base units) from the ingredient's lots, first expiry first. */
async function takeFromLots(s: StockTx, ingredientId: string, quantity: number) {
  const lots = await queryRows<{ id: string; remaining: string }>(
    s.tx,
    sql`select id, remaining from inventory.lots where ingredient_id = ${ingredientId} and remaining > 0
        order by expires_on nulls last, created_at, id for update`,
  );
  let left = quantity;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(left, num(lot.remaining));
    await s.tx.execute(sql`update inventory.lots set remaining = remaining - ${take} where id = ${lot.id}`);
    left = roundQuantity(left - take);
  }
}

/**
 * After movements of these ingredients: low-stock alerts (once per crossing), and the menu
 * items and options that can no longer be made (86, through the menu after commit) or can
 * again (back, when inventory was the one that 86ed them).
 */
export async function afterMoves(
  s: StockTx,
  ingredientIds: string[],
  context: { orderId?: string | null; shortages?: Map<string, number> } = {},
): Promise<void> {
  for (const id of [...new Set(ingredientIds)].sort()) {
    const ingredient = await loadIngredient(s.tx, id);
    const level = num(ingredient.quantity);
    const reorderPoint = num(ingredient.reorder_point);
    const transition = lowStockTransition(ingredient.low, level, reorderPoint);
    if (transition.low !== ingredient.low) {
      await s.tx.execute(
        sql`update inventory.levels set low = ${transition.low} where ingredient_id = ${id}`,
      );
    }
    const ref = {
      ingredient_id: id,
      name: ingredient.name,
      quantity: fromBase(level, ingredient.unit),
      unit: ingredient.unit,
    };
    const options = { aggregateId: id, causationId: s.causationId ?? null };
    if (transition.crossed) {
      await s.publish(
        s.tx,
        s.ctx,
        events.lowStockDetected,
        {
          ...ref,
          reorder_point: fromBase(reorderPoint, ingredient.unit),
        },
        options,
      );
    }
    const { out, back } = await availabilityChanges(s, id);
    const shortage = context.shortages?.get(id) ?? 0;
    if (out.items.length + out.options.length > 0) {
      await s.publish(
        s.tx,
        s.ctx,
        events.itemDepleted,
        {
          ...ref,
          shortage: fromBase(shortage, ingredient.unit),
          order_id: context.orderId ?? null,
          menu_item_ids: out.items,
          option_ids: out.options,
        },
        options,
      );
    }
    if (back.items.length + back.options.length > 0) {
      await s.publish(
        s.tx,
        s.ctx,
        events.itemRestocked,
        {
          ...ref,
          menu_item_ids: back.items,
          option_ids: back.options,
        },
        options,
      );
    }
  }
}

interface Targets {
  items: string[];
  options: string[];
}

/**
 * Recipes (item and option) that use the ingredient: those it can no longer cover one portion
 * of are 86ed (unless inventory already did; the ingredient that runs short is the one named),
 * those inventory 86ed that can make a portion again come back.
 * Each change is queued for the menu in inventory.menu_effects.
 */
async function availabilityChanges(
  s: StockTx,
  ingredientId: string,
): Promise<{ out: Targets; back: Targets }> {
  const rows = await queryRows<{
    kind: 'item' | 'option';
    target_id: string;
    portions: string;
    limiting: boolean;
    auto: boolean;
  }>(
    s.tx,
    sql`select r.kind, r.target_id,
          min(floor(greatest(l.quantity, 0) / (rl.quantity * 100 / rl.yield_pct))) as portions,
          bool_or(rl.ingredient_id = ${ingredientId}
            and floor(greatest(l.quantity, 0) / (rl.quantity * 100 / rl.yield_pct)) < 1) as limiting,
          exists (select 1 from inventory.auto_86 a where a.kind = r.kind and a.target_id = r.target_id) as auto
        from inventory.recipes r
        join inventory.recipe_lines rl on rl.recipe_id = r.id and rl.quantity > 0
        join inventory.levels l on l.ingredient_id = rl.ingredient_id
        where r.kind in ('item', 'option')
          and r.id in (select recipe_id from inventory.recipe_lines where ingredient_id = ${ingredientId} and quantity > 0)
        group by r.kind, r.target_id`,
  );
  const out: Targets = { items: [], options: [] };
  const back: Targets = { items: [], options: [] };
  const now = s.clock.now().toISOString();
  for (const row of rows) {
    const portions = num(row.portions);
    const list = row.kind === 'item' ? 'items' : 'options';
    // Concurrent movements of two ingredients of one recipe may both see it run out (or come
    // back): the auto_86 row decides which of them queues the change.
    if (portions < 1 && row.limiting && !row.auto) {
      const inserted = await queryRows(
        s.tx,
        sql`insert into inventory.auto_86 (tenant_id, kind, target_id, ingredient_id, created_at)
            values (${s.tenantId}, ${row.kind}, ${row.target_id}, ${ingredientId}, ${now})
            on conflict do nothing returning 1`,
      );
      if (inserted.length === 0) continue;
      await queueMenuEffect(s, row.kind, row.target_id, false);
      out[list].push(row.target_id);
    } else if (portions >= 1 && row.auto) {
      const deleted = await queryRows(
        s.tx,
        sql`delete from inventory.auto_86 where kind = ${row.kind} and target_id = ${row.target_id} returning 1`,
      );
      if (deleted.length === 0) continue;
      await queueMenuEffect(s, row.kind, row.target_id, true);
      back[list].push(row.target_id);
    }
  }
  return { out, back };
}

async function queueMenuEffect(s: StockTx, kind: 'item' | 'option', targetId: string, available: boolean) {
  const now = s.clock.now().toISOString();
  await s.tx.execute(sql`insert into inventory.menu_effects
    (tenant_id, kind, target_id, available, correlation_id, next_attempt_at, created_at)
    values (${s.tenantId}, ${kind}, ${targetId}, ${available}, ${s.ctx.correlationId}, ${now}, ${now})`);
}
