import { queryRows, type Tx } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import {
  inventoryEvents as events,
  inventoryErrors as fail,
  type InventoryService,
  type StockCount,
  type Unit,
  type VarianceReport,
} from './contract/index.js';
import { newestFirst } from './db/newest-first.js';
import { iso, isoOrNull, loadIngredient, num } from './db/rows.js';
import { fromBase, roundQuantity, valueAt } from './domain/units.js';
import { afterMoves, baseQuantity, lockLevels, move } from './stock.js';
import { type InventoryDeps, inTenant, reading } from './support.js';

type CountMethods = Pick<
  InventoryService,
  'startCount' | 'getCount' | 'listCounts' | 'enterCount' | 'postCount' | 'varianceReport'
>;

async function loadCount(tx: Tx, id: string, lock = false): Promise<StockCount> {
  const [count] = await queryRows<{
    id: string;
    status: 'open' | 'posted';
    note: string | null;
    posted_at: string | null;
    created_at: string;
  }>(
    tx,
    sql`select id, status, note, posted_at, created_at from inventory.counts where id = ${id} ${lock ? sql`for update` : sql``}`,
  );
  if (!count) throw fail('count_not_found', `No stock count ${id}.`);
  const lines = await queryRows<{
    ingredient_id: string;
    name: string;
    unit: Unit;
    cost_per_unit: number;
    expected: string | null;
    level: string;
    counted: string;
  }>(
    tx,
    sql`select c.ingredient_id, i.name, i.unit, i.cost_per_unit, c.expected, l.quantity as level, c.counted
        from inventory.count_lines c join inventory.ingredients i on i.id = c.ingredient_id
        join inventory.levels l on l.ingredient_id = c.ingredient_id
        where c.count_id = ${id} order by lower(i.name), i.id`,
  );
  const wire = lines.map((line) => {
    const expected = count.status === 'posted' ? num(line.expected) : num(line.level);
    const variance = roundQuantity(num(line.counted) - expected);
    return {
      ingredient_id: line.ingredient_id,
      ingredient_name: line.name,
      unit: line.unit,
      expected: fromBase(expected, line.unit),
      counted: fromBase(num(line.counted), line.unit),
      variance: fromBase(variance, line.unit),
      variance_value: valueAt(variance, num(line.cost_per_unit), line.unit),
    };
  });
  return {
    id: count.id,
    status: count.status,
    note: count.note,
    lines: wire,
    variance_value: wire.reduce((sum, line) => sum + line.variance_value, 0),
    posted_at: isoOrNull(count.posted_at),
    created_at: iso(count.created_at),
  };
}

const pct = (cost: number, revenue: number) =>
  revenue > 0 ? Math.round((cost * 10_000) / revenue) / 100 : null;

/** Stock counts and the variance report (issue 9 point 7). */
export function createCounts(deps: InventoryDeps): CountMethods {
  const { clock } = deps;
  const openCount = async (tx: Tx, id: string) => {
    const count = await loadCount(tx, id, true);
    if (count.status !== 'open') throw fail('invalid_transition', 'This count is posted.');
    return count;
  };

  return {
    startCount: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const id = newId();
        await s.tx.execute(sql`insert into inventory.counts (id, tenant_id, status, note, created_at)
          values (${id}, ${s.tenantId}, 'open', ${input.note ?? null}, ${clock.now().toISOString()})`);
        return loadCount(s.tx, id);
      }),

    getCount: (ctx, { id }) => reading(deps, ctx, (tx) => loadCount(tx, id)),

    listCounts: (ctx, input) =>
      reading(deps, ctx, (tx) =>
        newestFirst(
          tx,
          sql`inventory.counts`,
          input.status ? [sql`status = ${input.status}`] : [],
          { limit: Number(input.limit ?? 20), cursor: input.cursor },
          loadCount,
        ),
      ),

    enterCount: (ctx, { id, lines }) =>
      inTenant(deps, ctx, async (s) => {
        await openCount(s.tx, id);
        for (const line of lines) {
          const ingredient = await loadIngredient(s.tx, line.ingredient_id);
          const counted = baseQuantity(ingredient, line.counted, line.unit);
          await s.tx.execute(sql`insert into inventory.count_lines (count_id, tenant_id, ingredient_id, counted)
            values (${id}, ${s.tenantId}, ${ingredient.id}, ${counted})
            on conflict (count_id, ingredient_id) do update set counted = excluded.counted`);
        }
        return loadCount(s.tx, id);
      }),

    postCount: (ctx, { id }) =>
      inTenant(deps, ctx, async (s) => {
        const count = await openCount(s.tx, id);
        const ids = count.lines.map((line) => line.ingredient_id);
        await lockLevels(s, ids);
        const counted = await queryRows<{ ingredient_id: string; counted: string }>(
          s.tx,
          sql`select ingredient_id, counted from inventory.count_lines where count_id = ${id} order by ingredient_id`,
        );
        for (const line of counted) {
          const ingredient = await loadIngredient(s.tx, line.ingredient_id);
          const expected = num(ingredient.quantity);
          const delta = roundQuantity(num(line.counted) - expected);
          await s.tx.execute(sql`update inventory.count_lines set expected = ${expected}
            where count_id = ${id} and ingredient_id = ${line.ingredient_id}`);
          if (delta === 0) continue;
          await move(s, ingredient, {
            type: 'adjustment',
            quantity: delta,
            reason: 'stock_count',
            countId: id,
          });
          await s.publish(
            s.tx,
            s.ctx,
            events.stockAdjusted,
            {
              ingredient_id: ingredient.id,
              name: ingredient.name,
              quantity: fromBase(num(line.counted), ingredient.unit),
              unit: ingredient.unit,
              delta: fromBase(delta, ingredient.unit),
              reason: 'stock_count',
              count_id: id,
            },
            { aggregateId: ingredient.id },
          );
        }
        await s.tx.execute(sql`update inventory.counts set status = 'posted', posted_at = ${clock.now().toISOString()}
          where id = ${id}`);
        await afterMoves(s, ids);
        return loadCount(s.tx, id);
      }),

    varianceReport: (ctx, { from, to }) =>
      reading(deps, ctx, async (tx): Promise<VarianceReport> => {
        if (new Date(from) >= new Date(to)) {
          throw fail('invalid_range', '`from` must be before `to`.', {
            errors: [{ field: 'from', message: 'not before to' }],
          });
        }
        const range = sql`t.created_at >= ${from}::timestamptz and t.created_at < ${to}::timestamptz`;
        const ingredients = await queryRows<{
          id: string;
          name: string;
          unit: Unit;
          cost_per_unit: number;
          theoretical: string;
          actual: string;
          theoretical_value: string;
          actual_value: string;
        }>(
          tx,
          sql`select i.id, i.name, i.unit, i.cost_per_unit,
                sum(case when t.type = 'consumption' then -t.quantity + t.shortage
                         when t.type = 'return' and t.line_id is not null then -t.quantity else 0 end) as theoretical,
                sum(case when t.type in ('consumption', 'return', 'waste', 'stock_out', 'adjustment') then -t.quantity else 0 end) as actual,
                sum(case when t.type in ('consumption', 'return') then -t.value else 0 end) as theoretical_value,
                sum(case when t.type in ('consumption', 'return', 'waste', 'stock_out', 'adjustment') then -t.value else 0 end) as actual_value
              from inventory.transactions t join inventory.ingredients i on i.id = t.ingredient_id
              where ${range} and t.type <> 'stock_in'
              group by i.id, i.name, i.unit, i.cost_per_unit
              order by lower(i.name), i.id`,
        );
        const items = await queryRows<{
          menu_item_id: string;
          name: string;
          quantity: string;
          revenue: string;
          cost: string;
        }>(
          tx,
          sql`select ol.menu_item_id, min(ol.name) as name,
                sum(greatest(ol.quantity - ol.voided, 0)) as quantity, sum(ol.total) as revenue,
                coalesce(sum((select -sum(t.value) from inventory.transactions t
                  where t.line_id = ol.line_id and t.type in ('consumption', 'return'))), 0) as cost
              from inventory.order_lines ol
              where ol.placed_at >= ${from}::timestamptz and ol.placed_at < ${to}::timestamptz
                and ol.menu_item_id is not null and ol.quantity is not null
              group by ol.menu_item_id
              order by min(ol.name), ol.menu_item_id`,
        );
        const report = ingredients.map((row) => {
          const theoretical = roundQuantity(num(row.theoretical));
          const actual = roundQuantity(num(row.actual));
          // Shortages have no recorded value: value them at the current cost.
          const theoreticalValue = valueAt(theoretical, num(row.cost_per_unit), row.unit);
          const actualValue = num(row.actual_value);
          return {
            ingredient_id: row.id,
            name: row.name,
            unit: row.unit,
            theoretical: fromBase(theoretical, row.unit),
            actual: fromBase(actual, row.unit),
            variance: fromBase(roundQuantity(actual - theoretical), row.unit),
            theoretical_value: theoreticalValue,
            actual_value: actualValue,
            variance_value: actualValue - theoreticalValue,
          };
        });
        const itemRows = items.map((row) => ({
          menu_item_id: row.menu_item_id,
          name: row.name,
          quantity: num(row.quantity),
          revenue: num(row.revenue),
          cost: num(row.cost),
          food_cost_pct: pct(num(row.cost), num(row.revenue)),
        }));
        const revenue = itemRows.reduce((sum, row) => sum + row.revenue, 0);
        const theoreticalCost = report.reduce((sum, row) => sum + row.theoretical_value, 0);
        const actualCost = report.reduce((sum, row) => sum + row.actual_value, 0);
        return {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          ingredients: report,
          items: itemRows,
          totals: {
            revenue,
            theoretical_cost: theoreticalCost,
            actual_cost: actualCost,
            food_cost_pct: pct(theoreticalCost, revenue),
            actual_food_cost_pct: pct(actualCost, revenue),
          },
        };
      }),
  };
}
