import { queryRows } from '@brigade/db';
import type { OrderLineEvent } from '@brigade/orders';
import { sql } from 'drizzle-orm';
import type { InventorySettings } from './contract/index.js';
import { loadIngredients, loadSettings, num } from './db/rows.js';
import { type LineRecipes, needsFor, type RecipeLine } from './domain/recipes.js';
import { roundQuantity } from './domain/units.js';
import { loadRecipeLines } from './recipes.service.js';
import { afterMoves, lockLevels, moveAll } from './stock.js';
import type { StockTx } from './support.js';

/**
 * Orders consume stock by event (issue 9 point 3). The order is already accepted when its
 * event arrives, so consumption never refuses: under the refuse policy it takes what there is
 * and records the rest as a shortage (the level stays at zero, flagged); under allow the level
 * goes negative (flagged). Either way what can no longer be made is 86ed after commit.
 * Cancellation and voids give back what the line actually took; a failed payment gives back
 * everything until the order waits for payment again or is confirmed (seed 001 §7.4). Events
 * of one order may arrive in any order: a cancelled order consumes nothing later, a void seen
 * before its line shrinks what the line takes, a stale payment-hold event is ignored.
 */

interface LineState {
  line_id: string;
  quantity: number | null;
  voided: number;
  total: string;
  consumed: boolean;
}

interface OrderState {
  cancelled: boolean;
  confirmed: boolean;
  /** Its payment failed: it holds no stock until it waits for payment again or is confirmed. */
  released: boolean;
}

const orderNoted = (s: StockTx, orderId: string, facts: { cancelled?: boolean; confirmed?: boolean }) =>
  sql`insert into inventory.orders (id, tenant_id, cancelled, confirmed, created_at)
      values (${orderId}, ${s.tenantId}, ${facts.cancelled ?? false}, ${facts.confirmed ?? false},
              ${s.clock.now().toISOString()})
      on conflict (id) do update set cancelled = inventory.orders.cancelled or excluded.cancelled,
        confirmed = inventory.orders.confirmed or excluded.confirmed
      returning cancelled, confirmed, released`;

/** Records the order (once) and what is known of it; answers its state so far. */
async function noteOrder(
  s: StockTx,
  orderId: string,
  facts: { cancelled?: boolean; confirmed?: boolean } = {},
): Promise<OrderState> {
  const [row] = await queryRows<OrderState>(s.tx, orderNoted(s, orderId, facts));
  return row!;
}

/** The order's recorded lines that hold no stock yet, in line id order. */
const linesToTake = (orderId: string) =>
  sql`select line_id from inventory.order_lines
      where order_id = ${orderId} and quantity is not null and not consumed order by line_id`;

/**
 * Whether the order's lines take stock now: a confirmed order always, one still waiting for
 * payment only when the restaurant takes stock as orders are placed and its payment has not
 * failed; a cancelled one never (its lines are recorded with nothing taken).
 */
const takesStock = (state: OrderState, consumeOn: 'placed' | 'confirmed') =>
  state.confirmed || (consumeOn === 'placed' && !state.released);

/** Placed in any status but these is accepted: the kitchen makes it, so it takes its stock. */
const unconfirmed = new Set(['pending', 'payment_failed', 'cancelled']);

/**
 * Lines placed (a new order, or lines added to one) are recorded; they take their recipes ×
 * (quantity − voided) now, or — when the restaurant takes stock on confirmation — once the
 * order is confirmed.
 */
export async function consumeLines(
  s: StockTx,
  order: { order_id: string; placed_at: string; status?: string },
  lines: OrderLineEvent[],
): Promise<void> {
  const state = await noteOrder(s, order.order_id, {
    confirmed: order.status !== undefined && !unconfirmed.has(order.status),
  });
  if (lines.length > 0) {
    const now = s.clock.now().toISOString();
    const rows = lines.map(
      (
        line,
      ) => sql`(${line.line_id}::uuid, ${s.tenantId}::uuid, ${order.order_id}::uuid, ${line.menu_item_id}::uuid,
        ${line.variant_id}::uuid, ${JSON.stringify(line.option_ids)}::jsonb, ${line.name}::text, ${line.quantity}::int,
        ${line.total}::bigint, ${order.placed_at}::timestamptz, ${now}::timestamptz)`,
    );
    await s.tx.execute(sql`insert into inventory.order_lines
            (line_id, tenant_id, order_id, menu_item_id, variant_id, option_ids, name, quantity, total, placed_at, created_at)
          values ${sql.join(rows, sql`, `)}
          on conflict (line_id) do update set menu_item_id = excluded.menu_item_id, variant_id = excluded.variant_id,
            option_ids = excluded.option_ids, name = excluded.name, quantity = excluded.quantity,
            placed_at = excluded.placed_at,
            total = case when inventory.order_lines.voided > 0
              then (excluded.total * greatest(excluded.quantity - inventory.order_lines.voided, 0)) / excluded.quantity
              else excluded.total end`);
  }
  const settings = await loadSettings(s.tx, s.tenantId);
  if (!takesStock(state, settings.consume_on)) return;
  await takeStock(
    s,
    order.order_id,
    state,
    lines.map((line) => line.line_id),
    settings,
  );
}

/**
 * orders.order_confirmed.v1: the order's recorded lines that hold nothing yet take their stock
 * now (all of them under "take stock on confirmation", those a failed payment released otherwise).
 */
export async function consumeConfirmed(s: StockTx, orderId: string): Promise<void> {
  // The order noted and its lines still to take read in one statement.
  const [row] = await queryRows<OrderState & { pending: string[] }>(
    s.tx,
    sql`with noted as (${orderNoted(s, orderId, { confirmed: true })})
        select noted.*, array(select line_id::text from (${linesToTake(orderId)}) recorded) as pending from noted`,
  );
  const { pending, ...state } = row!;
  await takeStock(s, orderId, state, pending);
}

async function takeRecorded(
  s: StockTx,
  orderId: string,
  state: OrderState,
  settings: InventorySettings,
): Promise<void> {
  const recorded = await queryRows<{ line_id: string }>(s.tx, linesToTake(orderId));
  await takeStock(
    s,
    orderId,
    state,
    recorded.map((row) => row.line_id),
    settings,
  );
}

/** Recorded lines not yet consumed take their recipes × (quantity − voided); nothing for a cancelled order. */
async function takeStock(
  s: StockTx,
  orderId: string,
  state: OrderState,
  lineIds: string[],
  known?: InventorySettings,
): Promise<void> {
  if (lineIds.length === 0) return;
  const lines = await queryRows<{
    line_id: string;
    menu_item_id: string;
    variant_id: string | null;
    option_ids: string[];
    quantity: number;
    voided: string;
  }>(
    s.tx,
    sql`update inventory.order_lines set consumed = true,
          total = case when ${state.cancelled} then 0 else total end
        where line_id in (${sql.join(
          lineIds.map((id) => sql`${id}`),
          sql`, `,
        )}) and not consumed and quantity is not null
        returning line_id, menu_item_id, variant_id, option_ids, quantity, voided::text`,
  );
  const recipes = await loadRecipeLines(
    s.tx,
    lines.flatMap((line) => [
      line.menu_item_id,
      ...(line.variant_id ? [line.variant_id] : []),
      ...line.option_ids,
    ]),
  );
  const plans = lines.map((line) => {
    const portions = state.cancelled ? 0 : Math.max(0, num(line.quantity) - num(line.voided));
    const lineRecipes: LineRecipes = {
      item: recipes.get(`item:${line.menu_item_id}`) ?? null,
      variant: line.variant_id ? (recipes.get(`variant:${line.variant_id}`) ?? null) : null,
      options: line.option_ids.map((id) => recipes.get(`option:${id}`) ?? ([] as RecipeLine[])),
    };
    return { lineId: line.line_id, needs: needsFor(lineRecipes, portions) };
  });
  const ingredientIds = plans.flatMap((plan) => [...plan.needs.keys()]);
  if (ingredientIds.length === 0) return;
  const settings = known ?? (await loadSettings(s.tx, s.tenantId));
  const ingredients = await loadIngredients(s.tx, ingredientIds, { lock: true });
  const levels = new Map([...ingredients].map(([id, row]) => [id, num(row.quantity)]));
  const shortages = new Map<string, number>();
  const movements = [];
  for (const plan of plans) {
    for (const [ingredientId, need] of [...plan.needs].sort(([a], [b]) => a.localeCompare(b))) {
      const ingredient = ingredients.get(ingredientId);
      if (!ingredient) continue;
      const level = levels.get(ingredientId) ?? 0;
      const take = settings.negative_stock === 'allow' ? need : Math.min(need, Math.max(0, level));
      const shortage = roundQuantity(need - take);
      if (shortage > 0) shortages.set(ingredientId, (shortages.get(ingredientId) ?? 0) + shortage);
      levels.set(ingredientId, roundQuantity(level - take));
      movements.push({
        ingredient,
        movement: {
          type: 'consumption' as const,
          quantity: -take,
          shortage,
          reason: 'order',
          orderId,
          lineId: plan.lineId,
        },
      });
    }
  }
  const moved = await moveAll(s, movements, { locked: true });
  await afterMoves(s, ingredientIds, { orderId, shortages, current: moved.ingredients });
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
    moved.push(...(await giveBack(s, orderId, entry.line_id, Math.min(1, units / remaining), entry.reason)));
  }
  if (moved.length > 0) await afterMoves(s, moved, { orderId });
}

/** Returns `share` of what a line took so far, per ingredient; answers the ingredients moved. */
async function giveBack(
  s: StockTx,
  orderId: string,
  lineId: string,
  share: number,
  reason: string,
): Promise<string[]> {
  const taken = await queryRows<{ ingredient_id: string; taken: string }>(
    s.tx,
    sql`select ingredient_id, -sum(quantity) as taken from inventory.transactions
        where line_id = ${lineId} and type in ('consumption', 'return')
        group by ingredient_id having -sum(quantity) > 0 order by ingredient_id`,
  );
  const ingredients = await loadIngredients(
    s.tx,
    taken.map((row) => row.ingredient_id),
    { lock: true },
  );
  const movements = taken.flatMap((row) => {
    const back = roundQuantity(num(row.taken) * share);
    const ingredient = ingredients.get(row.ingredient_id);
    if (back <= 0 || !ingredient) return [];
    return [{ ingredient, movement: { type: 'return' as const, quantity: back, reason, orderId, lineId } }];
  });
  await moveAll(s, movements, { locked: true });
  return movements.map((entry) => entry.ingredient.id);
}

/** A cancelled order: marked (later events consume nothing) and its active lines give back their stock. */
export async function cancelOrder(s: StockTx, orderId: string, lineIds: string[]): Promise<void> {
  await noteOrder(s, orderId, { cancelled: true });
  await returnLines(
    s,
    orderId,
    lineIds.map((line_id) => ({ line_id, units: null, reason: 'order_cancelled' })),
  );
}

/**
 * orders.order_payment_failed.v1 (seed 001 §7.4): the order's payment failed, so it releases
 * what it held — every line gives back what it took and waits. Ignored once the order is
 * confirmed or cancelled, or when a newer payment-hold event was applied already.
 */
export async function releaseOrder(s: StockTx, orderId: string, version: number | undefined): Promise<void> {
  const state = await notePaymentHold(s, orderId, true, version);
  if (!state || state.confirmed || state.cancelled) return;
  const held = await queryRows<{ line_id: string }>(
    s.tx,
    sql`update inventory.order_lines set consumed = false
        where order_id = ${orderId} and consumed returning line_id`,
  );
  // Every ingredient the order took is locked up front, in one order, as consumption locks them.
  const ingredients = await queryRows<{ ingredient_id: string }>(
    s.tx,
    sql`select distinct ingredient_id from inventory.transactions where order_id = ${orderId}`,
  );
  await lockLevels(
    s,
    ingredients.map((row) => row.ingredient_id),
  );
  const moved: string[] = [];
  for (const line of held.sort((a, b) => a.line_id.localeCompare(b.line_id))) {
    moved.push(...(await giveBack(s, orderId, line.line_id, 1, 'payment_failed')));
  }
  if (moved.length > 0) await afterMoves(s, moved, { orderId });
}

/** orders.order_reopened.v1: the order waits for payment again, so it holds its stock again (when taken as placed). */
export async function reholdOrder(s: StockTx, orderId: string, version: number | undefined): Promise<void> {
  const state = await notePaymentHold(s, orderId, false, version);
  if (!state) return;
  const settings = await loadSettings(s.tx, s.tenantId);
  if (takesStock(state, settings.consume_on)) await takeRecorded(s, orderId, state, settings);
}

/** Records a payment-hold event newer than the last one applied; null when it is stale. */
async function notePaymentHold(
  s: StockTx,
  orderId: string,
  released: boolean,
  version: number | undefined,
): Promise<OrderState | null> {
  const [row] = await queryRows<OrderState>(
    s.tx,
    sql`insert into inventory.orders (id, tenant_id, released, status_version, created_at)
        values (${orderId}, ${s.tenantId}, ${released}, ${version ?? 0}, ${s.clock.now().toISOString()})
        on conflict (id) do update set released = excluded.released,
          status_version = greatest(inventory.orders.status_version, excluded.status_version)
        ${version === undefined ? sql`` : sql`where inventory.orders.status_version < excluded.status_version`}
        returning cancelled, confirmed, released`,
  );
  return row ?? null;
}
