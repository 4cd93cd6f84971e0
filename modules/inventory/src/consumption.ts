import { queryRows } from '@brigade/db';
import type { OrderLineEvent } from '@brigade/orders';
import { sql } from 'drizzle-orm';
import { loadIngredient, loadSettings, num } from './db/rows.js';
import { type LineRecipes, needsFor, type RecipeLine } from './domain/recipes.js';
import { roundQuantity } from './domain/units.js';
import { loadRecipeLines } from './recipes.service.js';
import { afterMoves, lockLevels, move } from './stock.js';
import type { StockTx } from './support.js';

/**
 * Orders consume stock by event (issue 9 point 3). The order is already accepted when its
 * event arrives, so consumption never refuses: under the refuse policy it takes what there is
 * and records the rest as a shortage (the level stays at zero, flagged); under allow the level
 * goes negative (flagged). Either way what can no longer be made is 86ed after commit.
 * Cancellation and voids give back what the line actually took. Events of one order may
 * arrive in any order: a cancelled order consumes nothing later, a void seen before its line
 * shrinks what the line takes.
 */

interface LineState {
  line_id: string;
  quantity: number | null;
  voided: number;
  total: string;
  consumed: boolean;
}

async function orderCancelled(s: StockTx, orderId: string): Promise<boolean> {
  const [row] = await queryRows<{ cancelled: boolean }>(
    s.tx,
    sql`select cancelled from inventory.orders where id = ${orderId}`,
  );
  return row?.cancelled ?? false;
}

async function ensureOrder(s: StockTx, orderId: string, cancelled = false) {
  await s.tx.execute(sql`insert into inventory.orders (id, tenant_id, cancelled, created_at)
    values (${orderId}, ${s.tenantId}, ${cancelled}, ${s.clock.now().toISOString()})
    on conflict (id) do update set cancelled = inventory.orders.cancelled or excluded.cancelled`);
}

/** Lines placed (a new order, or lines added to one): each takes its recipes × (quantity − voided). */
export async function consumeLines(
  s: StockTx,
  order: { order_id: string; placed_at: string },
  lines: OrderLineEvent[],
): Promise<void> {
  await ensureOrder(s, order.order_id);
  const cancelled = await orderCancelled(s, order.order_id);
  const recipes = await loadRecipeLines(
    s.tx,
    lines.flatMap((line) => [
      line.menu_item_id,
      ...(line.variant_id ? [line.variant_id] : []),
      ...line.option_ids,
    ]),
  );
  const plans: { line: OrderLineEvent; needs: Map<string, number> }[] = [];
  for (const line of lines) {
    const [state] = await queryRows<LineState>(
      s.tx,
      sql`insert into inventory.order_lines
            (line_id, tenant_id, order_id, menu_item_id, variant_id, option_ids, name, quantity, total, placed_at, created_at)
          values (${line.line_id}, ${s.tenantId}, ${order.order_id}, ${line.menu_item_id}, ${line.variant_id},
                  ${JSON.stringify(line.option_ids)}::jsonb, ${line.name}, ${line.quantity}, ${line.total},
                  ${order.placed_at}, ${s.clock.now().toISOString()})
          on conflict (line_id) do update set menu_item_id = excluded.menu_item_id, variant_id = excluded.variant_id,
            option_ids = excluded.option_ids, name = excluded.name, quantity = excluded.quantity,
            placed_at = excluded.placed_at,
            total = case when inventory.order_lines.voided > 0
              then (excluded.total * greatest(excluded.quantity - inventory.order_lines.voided, 0)) / excluded.quantity
              else excluded.total end
          returning line_id, quantity, voided, total::text, consumed`,
    );
    if (!state || state.consumed) continue;
    const portions = cancelled ? 0 : Math.max(0, line.quantity - num(state.voided));
    if (cancelled) {
      await s.tx.execute(sql`update inventory.order_lines set total = 0 where line_id = ${line.line_id}`);
    }
    const lineRecipes: LineRecipes = {
      item: recipes.get(`item:${line.menu_item_id}`) ?? null,
      variant: line.variant_id ? (recipes.get(`variant:${line.variant_id}`) ?? null) : null,
      options: line.option_ids.map((id) => recipes.get(`option:${id}`) ?? ([] as RecipeLine[])),
    };
    plans.push({ line, needs: needsFor(lineRecipes, portions) });
    await s.tx.execute(sql`update inventory.order_lines set consumed = true where line_id = ${line.line_id}`);
  }
  const ingredientIds = plans.flatMap((plan) => [...plan.needs.keys()]);
  if (ingredientIds.length === 0) return;
  await lockLevels(s, ingredientIds);
  const settings = await loadSettings(s.tx, s.tenantId);
  const shortages = new Map<string, number>();
  for (const plan of plans) {
    for (const [ingredientId, need] of [...plan.needs].sort(([a], [b]) => a.localeCompare(b))) {
      const ingredient = await loadIngredient(s.tx, ingredientId);
      const available = Math.max(0, num(ingredient.quantity));
      const take = settings.negative_stock === 'allow' ? need : Math.min(need, available);
      const shortage = roundQuantity(need - take);
      if (shortage > 0) shortages.set(ingredientId, (shortages.get(ingredientId) ?? 0) + shortage);
      await move(s, ingredient, {
        type: 'consumption',
        quantity: -take,
        shortage,
        reason: 'order',
        orderId: order.order_id,
        lineId: plan.line.line_id,
      });
    }
  }
  await afterMoves(s, ingredientIds, { orderId: order.order_id, shortages });
}

/**
 * Gives back what lines took: all of it (`units` null, a cancellation) or `units` of the
 * line's remaining quantity (a void), pro rata per ingredient.
 */
export async function returnLines(
  s: StockTx,
  orderId: string,
  voids: { line_id: string; units: number | null; reason: string }[],
): Promise<void> {
  const moved: string[] = [];
  for (const entry of voids) {
    const [state] = await queryRows<LineState>(
      s.tx,
      sql`insert into inventory.order_lines (line_id, tenant_id, order_id, created_at)
          values (${entry.line_id}, ${s.tenantId}, ${orderId}, ${s.clock.now().toISOString()})
          on conflict (line_id) do update set line_id = excluded.line_id
          returning line_id, quantity, voided, total::text, consumed`,
    );
    if (!state) continue;
    const remaining = state.quantity === null ? null : num(state.quantity) - num(state.voided);
    const units = entry.units ?? remaining ?? 0;
    // Remember the void (a line not seen yet takes less when it arrives) and shrink its revenue.
    const total =
      remaining && remaining > 0
        ? Math.floor((num(state.total) * Math.max(0, remaining - units)) / remaining)
        : 0;
    await s.tx.execute(sql`update inventory.order_lines set voided = voided + ${units}, total = ${total}
      where line_id = ${entry.line_id}`);
    if (!state.consumed || !remaining || remaining <= 0) continue;
    const share = Math.min(1, units / remaining);
    const taken = await queryRows<{ ingredient_id: string; taken: string }>(
      s.tx,
      sql`select ingredient_id, -sum(quantity) as taken from inventory.transactions
          where line_id = ${entry.line_id} and type in ('consumption', 'return')
          group by ingredient_id having -sum(quantity) > 0 order by ingredient_id`,
    );
    await lockLevels(
      s,
      taken.map((row) => row.ingredient_id),
    );
    for (const row of taken) {
      const back = roundQuantity(num(row.taken) * share);
      if (back <= 0) continue;
      const ingredient = await loadIngredient(s.tx, row.ingredient_id);
      await move(s, ingredient, {
        type: 'return',
        quantity: back,
        reason: entry.reason,
        orderId,
        lineId: entry.line_id,
      });
      moved.push(row.ingredient_id);
    }
  }
  if (moved.length > 0) await afterMoves(s, moved, { orderId });
}

/** A cancelled order: marked (later events consume nothing) and its active lines give back their stock. */
export async function cancelOrder(s: StockTx, orderId: string, lineIds: string[]): Promise<void> {
  await ensureOrder(s, orderId, true);
  await returnLines(
    s,
    orderId,
    lineIds.map((line_id) => ({ line_id, units: null, reason: 'order_cancelled' })),
  );
}
