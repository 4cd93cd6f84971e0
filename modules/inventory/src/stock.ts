import { queryRows } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import {
  inventoryEvents as events,
  inventoryErrors as fail,
  type StockTransaction,
  type Unit,
} from './contract/index.js';
import { type IngredientRow, iso, loadIngredients, num } from './db/rows.js';
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
  const { rows } = await moveAll(s, [{ ingredient, movement }]);
  return rows[0]!;
}

const uuidList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * Records movements (in order; several may move one ingredient) and applies them to the levels,
 * locked here, in a fixed number of statements whatever their count: the levels read once,
 * the lots taken from in one update, the transactions inserted in one statement, the levels
 * updated in one. Refuses (nothing written) when a movement asks to and would go below zero.
 * With `locked`, the entries' ingredient rows were read under lock in this transaction
 * (`loadIngredients(…, { lock: true })`) and nothing moved them since: their levels are not
 * read again. Answers the transaction rows and the moved ingredients as the movements left them.
 */
export async function moveAll(
  s: StockTx,
  entries: { ingredient: IngredientRow; movement: Movement }[],
  { locked = false } = {},
): Promise<{ rows: TransactionRow[]; ingredients: Map<string, IngredientRow> }> {
  if (entries.length === 0) return { rows: [], ingredients: new Map() };
  const now = s.clock.now().toISOString();
  const ids = [...new Set(entries.map((entry) => entry.ingredient.id))].sort();
  const levels = locked
    ? new Map(entries.map(({ ingredient }) => [ingredient.id, num(ingredient.quantity)]))
    : new Map(
        (
          await queryRows<{ ingredient_id: string; quantity: string }>(
            s.tx,
            sql`select ingredient_id, quantity from inventory.levels where ingredient_id in (${uuidList(ids)})
                order by ingredient_id for update`,
          )
        ).map((row) => [row.ingredient_id, num(row.quantity)]),
      );
  const taken = new Map<string, number>();
  const flags = new Map<string, 'set' | 'clear' | 'keep'>();
  const lots: {
    id: string;
    ingredientId: string;
    code: string | null;
    expiresOn: string | null;
    quantity: number;
  }[] = [];
  const rowIds: string[] = [];
  const planned = entries.map(({ ingredient, movement }) => {
    const before = levels.get(ingredient.id) ?? 0;
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
    levels.set(ingredient.id, after);
    let lotId: string | null = null;
    if (movement.lot && quantity > 0) {
      lotId = newId();
      lots.push({ id: lotId, ingredientId: ingredient.id, ...movement.lot, quantity });
    } else if (quantity < 0) {
      taken.set(ingredient.id, roundQuantity((taken.get(ingredient.id) ?? 0) - quantity));
    }
    const shortage = roundQuantity(movement.shortage ?? 0);
    // Flagged while below zero or short for an order; cleared once stock is back above zero.
    flags.set(ingredient.id, after < 0 || shortage > 0 ? 'set' : after > 0 ? 'clear' : 'keep');
    const unitCost = movement.unitCost ?? num(ingredient.cost_per_unit);
    const rowId = newId();
    rowIds.push(rowId);
    return sql`(${rowId}::uuid, ${s.tenantId}::uuid, ${ingredient.id}::uuid, ${movement.type}, ${quantity}::numeric,
      ${unitCost}::bigint, ${valueAt(quantity, unitCost, ingredient.unit)}::bigint, ${shortage}::numeric,
      ${movement.reason ?? null}::text, ${movement.note ?? null}::text, ${lotId}::uuid, ${movement.orderId ?? null}::uuid,
      ${movement.lineId ?? null}::uuid, ${movement.purchaseOrderId ?? null}::uuid, ${movement.countId ?? null}::uuid,
      ${actorOf(s.ctx)}::text, ${now}::timestamptz)`;
  });
  if (lots.length > 0) {
    await s.tx.execute(sql`insert into inventory.lots
      (id, tenant_id, ingredient_id, lot_code, expires_on, received_quantity, remaining, created_at)
      values ${sql.join(
        lots.map(
          (lot) => sql`(${lot.id}, ${s.tenantId}, ${lot.ingredientId}, ${lot.code}, ${lot.expiresOn}::date,
            ${lot.quantity}, ${lot.quantity}, ${now})`,
        ),
        sql`, `,
      )}`);
  }
  await takeFromLots(s, taken);
  const rows = await queryRows<TransactionRow>(
    s.tx,
    sql`insert into inventory.transactions
      (id, tenant_id, ingredient_id, type, quantity, unit_cost, value, shortage, reason, note, lot_id, order_id,
       line_id, purchase_order_id, count_id, actor, created_at)
      values ${sql.join(planned, sql`, `)}
      returning *`,
  );
  const changes = ids.map(
    (id) => sql`(${id}::uuid, ${levels.get(id) ?? 0}::numeric, ${flags.get(id) ?? 'keep'})`,
  );
  await s.tx.execute(sql`update inventory.levels l
    set quantity = v.quantity,
        flagged = case v.flag when 'set' then true when 'clear' then false else l.flagged end,
        updated_at = ${now}
    from (values ${sql.join(changes, sql`, `)}) as v(ingredient_id, quantity, flag)
    where l.ingredient_id = v.ingredient_id`);
  // The insert answers in its own order: give the rows back in the movements' order.
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ingredients = new Map(
    entries.map(({ ingredient }) => [
      ingredient.id,
      { ...ingredient, quantity: String(levels.get(ingredient.id) ?? 0) },
    ]),
  );
  return { rows: planned.map((_, index) => byId.get(rowIds[index]!)!), ingredients };
}

/** Takes what each ingredient gave (base units) from its lots, first expiry first, in one update. */
async function takeFromLots(s: StockTx, taken: Map<string, number>) {
  const ids = [...taken.keys()].sort();
  if (ids.length === 0) return;
  const lots = await queryRows<{ id: string; ingredient_id: string; remaining: string }>(
    s.tx,
    sql`select id, ingredient_id, remaining from inventory.lots
        where ingredient_id in (${uuidList(ids)}) and remaining > 0
        order by ingredient_id, expires_on nulls last, created_at, id for update`,
  );
  const left = new Map(taken);
  const takes = [];
  for (const lot of lots) {
    const wanted = left.get(lot.ingredient_id) ?? 0;
    if (wanted <= 0) continue;
    const take = Math.min(wanted, num(lot.remaining));
    takes.push(sql`(${lot.id}::uuid, ${take}::numeric)`);
    left.set(lot.ingredient_id, roundQuantity(wanted - take));
  }
  if (takes.length === 0) return;
  await s.tx.execute(sql`update inventory.lots l set remaining = l.remaining - v.take
    from (values ${sql.join(takes, sql`, `)}) as v(id, take) where l.id = v.id`);
}

/**
 * After movements of these ingredients: low-stock alerts (once per crossing), and the menu
 * items and options that can no longer be made (86, through the menu after commit) or can
 * again (back, when inventory was the one that 86ed them).
 */
export async function afterMoves(
  s: StockTx,
  ingredientIds: string[],
  context: {
    orderId?: string | null;
    shortages?: Map<string, number>;
    /** The moved ingredients as the movements left them, when the caller has them (not read again). */
    current?: Map<string, IngredientRow>;
  } = {},
): Promise<void> {
  const ids = [...new Set(ingredientIds)].sort();
  const ingredients = context.current ?? (await loadIngredients(s.tx, ids));
  const recipes = await recipesUsing(s, ids);
  const lowered = [];
  for (const id of ids) {
    const ingredient = ingredients.get(id);
    if (!ingredient) continue;
    const level = num(ingredient.quantity);
    const reorderPoint = num(ingredient.reorder_point);
    const transition = lowStockTransition(ingredient.low, level, reorderPoint);
    if (transition.low !== ingredient.low) lowered.push(sql`(${id}::uuid, ${transition.low}::boolean)`);
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
    const { out, back } = await availabilityChanges(s, id, recipes);
    const shortage = context.shortages?.get(id) ?? 0;
    if (out.items.length + out.variants.length + out.options.length > 0) {
      await s.publish(
        s.tx,
        s.ctx,
        events.itemDepleted,
        {
          ...ref,
          shortage: fromBase(shortage, ingredient.unit),
          order_id: context.orderId ?? null,
          menu_item_ids: out.items,
          variant_ids: out.variants,
          option_ids: out.options,
        },
        options,
      );
    }
    if (back.items.length + back.variants.length + back.options.length > 0) {
      await s.publish(
        s.tx,
        s.ctx,
        events.itemRestocked,
        {
          ...ref,
          menu_item_ids: back.items,
          variant_ids: back.variants,
          option_ids: back.options,
        },
        options,
      );
    }
  }
  if (lowered.length > 0) {
    await s.tx.execute(sql`update inventory.levels l set low = v.low
      from (values ${sql.join(lowered, sql`, `)}) as v(ingredient_id, low) where l.ingredient_id = v.ingredient_id`);
  }
}

interface Targets {
  items: string[];
  variants: string[];
  options: string[];
}

type RecipeKind = 'item' | 'variant' | 'option';
const targetList = { item: 'items', variant: 'variants', option: 'options' } as const;

interface RecipeState {
  kind: RecipeKind;
  target_id: string;
  portions: number;
  /** The ingredients of the recipe that cannot cover one portion. */
  limiting: string[];
  /** The ingredients of the recipe among those moved. */
  uses: string[];
  /** Inventory 86ed it (an auto_86 row), as this pass leaves it. */
  auto: boolean;
}

/** Every item and option recipe that uses one of these ingredients, with the portions the stock covers now. */
async function recipesUsing(s: StockTx, ingredientIds: string[]): Promise<RecipeState[]> {
  if (ingredientIds.length === 0) return [];
  const ids = uuidList(ingredientIds);
  const rows = await queryRows<{
    kind: RecipeKind;
    target_id: string;
    portions: string;
    limiting: string[] | null;
    uses: string[] | null;
    auto: boolean;
  }>(
    s.tx,
    sql`select r.kind, r.target_id,
          min(floor(greatest(l.quantity, 0) / (rl.quantity * 100 / rl.yield_pct))) as portions,
          array_agg(rl.ingredient_id::text) filter (
            where floor(greatest(l.quantity, 0) / (rl.quantity * 100 / rl.yield_pct)) < 1) as limiting,
          array_agg(rl.ingredient_id::text) filter (where rl.ingredient_id in (${ids})) as uses,
          exists (select 1 from inventory.auto_86 a where a.kind = r.kind and a.target_id = r.target_id) as auto
        from inventory.recipes r
        join inventory.recipe_lines rl on rl.recipe_id = r.id and rl.quantity > 0
        join inventory.levels l on l.ingredient_id = rl.ingredient_id
        where r.id in (select recipe_id from inventory.recipe_lines where ingredient_id in (${ids}) and quantity > 0)
        group by r.kind, r.target_id
        order by r.kind, r.target_id`,
  );
  return rows.map((row) => ({
    kind: row.kind,
    target_id: row.target_id,
    portions: num(row.portions),
    limiting: row.limiting ?? [],
    uses: row.uses ?? [],
    auto: row.auto,
  }));
}

/**
 * The recipes (item, size and option) that use the ingredient: those it can no longer cover one
 * portion of are 86ed (unless inventory already did; the ingredient that runs short is the one
 * named), those inventory 86ed that can make a portion again come back. Ingredients are taken
 * in id order and the first to claim a recipe names it; each change is queued for the menu in
 * inventory.menu_effects.
 */
async function availabilityChanges(
  s: StockTx,
  ingredientId: string,
  recipes: RecipeState[],
): Promise<{ out: Targets; back: Targets }> {
  const out: Targets = { items: [], variants: [], options: [] };
  const back: Targets = { items: [], variants: [], options: [] };
  const now = s.clock.now().toISOString();
  for (const recipe of recipes.filter((candidate) => candidate.uses.includes(ingredientId))) {
    const list = targetList[recipe.kind];
    // Concurrent movements of two ingredients of one recipe may both see it run out (or come
    // back): the auto_86 row decides which of them queues the change.
    if (recipe.portions < 1 && recipe.limiting.includes(ingredientId) && !recipe.auto) {
      const inserted = await queryRows(
        s.tx,
        sql`insert into inventory.auto_86 (tenant_id, kind, target_id, ingredient_id, created_at)
            values (${s.tenantId}, ${recipe.kind}, ${recipe.target_id}, ${ingredientId}, ${now})
            on conflict do nothing returning 1`,
      );
      recipe.auto = true;
      if (inserted.length === 0) continue;
      await queueMenuEffect(s, recipe.kind, recipe.target_id, false);
      out[list].push(recipe.target_id);
    } else if (recipe.portions >= 1 && recipe.auto) {
      const deleted = await queryRows(
        s.tx,
        sql`delete from inventory.auto_86 where kind = ${recipe.kind} and target_id = ${recipe.target_id} returning 1`,
      );
      recipe.auto = false;
      if (deleted.length === 0) continue;
      await queueMenuEffect(s, recipe.kind, recipe.target_id, true);
      back[list].push(recipe.target_id);
    }
  }
  return { out, back };
}

async function queueMenuEffect(s: StockTx, kind: RecipeKind, targetId: string, available: boolean) {
  s.effectQueued?.();
  const now = s.clock.now().toISOString();
  await s.tx.execute(sql`insert into inventory.menu_effects
    (tenant_id, kind, target_id, available, correlation_id, next_attempt_at, created_at)
    values (${s.tenantId}, ${kind}, ${targetId}, ${available}, ${s.ctx.correlationId}, ${now}, ${now})`);
}
