import { isUniqueViolation, queryRows, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { newId } from '@brigade/kernel';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Alerts,
  inventoryEvents as events,
  inventoryErrors as fail,
  type InventoryService,
  type MovementResult,
  type Unit,
} from './contract/index.js';
import {
  dateOnly,
  type IngredientRow,
  ingredientColumns,
  ingredientFrom,
  loadIngredient,
  loadSettings,
  num,
  toIngredient,
  toLevel,
} from './db/rows.js';
import { baseUnitOf, factorOf, fromBase, roundQuantity } from './domain/units.js';
import {
  afterMoves,
  baseQuantity,
  type Movement,
  move,
  type TransactionRow,
  toTransaction,
} from './stock.js';
import { type InventoryDeps, inTenant, reading, type StockTx } from './support.js';

type StockMethods = Pick<
  InventoryService,
  | 'getSettings'
  | 'updateSettings'
  | 'createIngredient'
  | 'getIngredient'
  | 'listIngredients'
  | 'updateIngredient'
  | 'stockIn'
  | 'stockOut'
  | 'adjust'
  | 'listLevels'
  | 'listTransactions'
  | 'alerts'
>;

const nameCursor = z.tuple([z.string(), z.uuid()]);
const timeCursor = z.tuple([z.iso.datetime(), z.uuid()]);

const nameTaken = (name: string) =>
  fail('name_taken', `An ingredient named ${name} exists.`, {
    errors: [{ field: 'name', message: 'taken' }],
  });

/** A reorder point or par level in `unit` as base units. */
const base = (value: number, unit: Unit) => roundQuantity(value * factorOf(unit));

async function assertSupplier(tx: Tx, supplierId: string | null | undefined) {
  if (!supplierId) return;
  const [row] = await queryRows(tx, sql`select 1 from inventory.suppliers where id = ${supplierId}`);
  if (!row) throw fail('supplier_not_found', `No supplier ${supplierId}.`);
}

/**
 * One movement of one ingredient with its follow-ups (lot, level, alerts, 86), answered as the
 * transaction and the level after it. Used by stock-in, stock-out, adjust.
 */
export async function moveOne(
  s: StockTx,
  ingredientId: string,
  build: (ingredient: IngredientRow, level: number) => Movement,
): Promise<MovementResult & { row: TransactionRow }> {
  const ingredient = await loadIngredient(s.tx, ingredientId, true);
  if (ingredient.archived) throw fail('ingredient_archived', `${ingredient.name} is archived.`);
  const movement = build(ingredient, num(ingredient.quantity));
  const row = await move(s, ingredient, movement);
  await afterMoves(s, [ingredient.id]);
  const after = await loadIngredient(s.tx, ingredient.id);
  await s.publish(
    s.tx,
    s.ctx,
    events.levelChanged,
    {
      ingredient_id: ingredient.id,
      name: ingredient.name,
      quantity: fromBase(num(after.quantity), ingredient.unit),
      unit: ingredient.unit,
      change: fromBase(num(row.quantity), ingredient.unit),
      transaction_type: row.type,
      transaction_id: row.id,
    },
    { aggregateId: ingredient.id },
  );
  return { row, transaction: toTransaction(row, ingredient.unit), level: toLevel(after) };
}

export function createStock(deps: InventoryDeps): StockMethods {
  const { clock } = deps;
  const strip = ({ row: _row, ...result }: MovementResult & { row: TransactionRow }) => result;

  return {
    getSettings: (ctx) => reading(deps, ctx, (tx, tenantId) => loadSettings(tx, tenantId)),

    updateSettings: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const current = await loadSettings(s.tx, s.tenantId);
        const next = { ...current, ...input };
        await s.tx.execute(sql`insert into inventory.settings
            (tenant_id, negative_stock, expiry_warning_days, consume_on, updated_at)
          values (${s.tenantId}, ${next.negative_stock}, ${next.expiry_warning_days}, ${next.consume_on},
            ${clock.now().toISOString()})
          on conflict (tenant_id) do update set negative_stock = excluded.negative_stock,
            expiry_warning_days = excluded.expiry_warning_days, consume_on = excluded.consume_on,
            updated_at = excluded.updated_at`);
        return next;
      }),

    createIngredient: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        await assertSupplier(s.tx, input.supplier_id);
        const id = newId();
        const now = clock.now().toISOString();
        try {
          await s.tx.execute(sql`insert into inventory.ingredients
            (id, tenant_id, name, sku, unit, base_unit, cost_per_unit, category, storage_location, reorder_point,
             par_level, supplier_id, created_at, updated_at)
            values (${id}, ${s.tenantId}, ${input.name}, ${input.sku ?? null}, ${input.unit}, ${baseUnitOf(input.unit)},
                    ${input.cost_per_unit}, ${input.category ?? null}, ${input.storage_location ?? null},
                    ${base(input.reorder_point ?? 0, input.unit)}, ${base(input.par_level ?? 0, input.unit)},
                    ${input.supplier_id ?? null}, ${now}, ${now})`);
        } catch (error) {
          if (isUniqueViolation(error)) throw nameTaken(input.name);
          throw error;
        }
        await s.tx.execute(sql`insert into inventory.levels (ingredient_id, tenant_id, quantity, updated_at)
          values (${id}, ${s.tenantId}, 0, ${now})`);
        return toIngredient(await loadIngredient(s.tx, id));
      }),

    getIngredient: (ctx, { id }) =>
      reading(deps, ctx, async (tx) => toIngredient(await loadIngredient(tx, id))),

    listIngredients: (ctx, input) =>
      reading(deps, ctx, async (tx) => {
        const limit = Number(input.limit ?? 100);
        const after = cursorAfter(input.cursor, nameCursor);
        const filters: SQL[] = [sql`true`];
        if (input.category) filters.push(sql`i.category = ${input.category}`);
        if (input.low_stock) filters.push(sql`l.low = ${input.low_stock === 'true'}`);
        if (input.q) filters.push(sql`i.name ilike ${`%${input.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
        if (after) filters.push(sql`(lower(i.name), i.id) > (${after[0]}, ${after[1]}::uuid)`);
        const rows = await queryRows<IngredientRow>(
          tx,
          sql`select ${ingredientColumns} from ${ingredientFrom} where ${sql.join(filters, sql` and `)}
              order by lower(i.name), i.id limit ${limit + 1}`,
        );
        return pageFrom(rows, limit, toIngredient, (row) => [row.name.toLowerCase(), row.id]);
      }),

    updateIngredient: (ctx, { id, changes }) =>
      inTenant(deps, ctx, async (s) => {
        const current = await loadIngredient(s.tx, id, true);
        const unit = changes.unit ?? current.unit;
        if (baseUnitOf(unit) !== current.base_unit) {
          throw fail(
            'unit_mismatch',
            `${current.name} is stored in ${current.base_unit}; ${unit} is another dimension.`,
            {
              errors: [{ field: 'unit', message: `not convertible to ${current.base_unit}` }],
            },
          );
        }
        if (changes.supplier_id !== undefined) await assertSupplier(s.tx, changes.supplier_id);
        const set: SQL[] = [sql`updated_at = ${clock.now().toISOString()}`, sql`unit = ${unit}`];
        if (changes.name !== undefined) set.push(sql`name = ${changes.name}`);
        if (changes.sku !== undefined) set.push(sql`sku = ${changes.sku}`);
        if (changes.cost_per_unit !== undefined) set.push(sql`cost_per_unit = ${changes.cost_per_unit}`);
        if (changes.category !== undefined) set.push(sql`category = ${changes.category}`);
        if (changes.storage_location !== undefined)
          set.push(sql`storage_location = ${changes.storage_location}`);
        if (changes.reorder_point !== undefined)
          set.push(sql`reorder_point = ${base(changes.reorder_point, unit)}`);
        if (changes.par_level !== undefined) set.push(sql`par_level = ${base(changes.par_level, unit)}`);
        if (changes.supplier_id !== undefined) set.push(sql`supplier_id = ${changes.supplier_id}`);
        if (changes.archived !== undefined) set.push(sql`archived = ${changes.archived}`);
        try {
          await s.tx.execute(
            sql`update inventory.ingredients set ${sql.join(set, sql`, `)} where id = ${id}`,
          );
        } catch (error) {
          if (isUniqueViolation(error)) throw nameTaken(changes.name ?? current.name);
          throw error;
        }
        // A new reorder point may cross (or re-arm) the low-stock alert.
        if (changes.reorder_point !== undefined) await afterMoves(s, [id]);
        return toIngredient(await loadIngredient(s.tx, id));
      }),

    stockIn: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const result = await moveOne(s, input.ingredient_id, (ingredient) => ({
          type: 'stock_in',
          quantity: baseQuantity(ingredient, input.quantity, input.unit),
          ...(input.unit_cost !== undefined && { unitCost: input.unit_cost }),
          note: input.note ?? null,
          lot:
            input.lot_code || input.expires_on
              ? { code: input.lot_code ?? null, expiresOn: input.expires_on ?? null }
              : null,
        }));
        if (input.unit_cost !== undefined) {
          await s.tx.execute(sql`update inventory.ingredients set cost_per_unit = ${input.unit_cost}
            where id = ${input.ingredient_id}`);
        }
        return strip(result);
      }),

    stockOut: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const settings = await loadSettings(s.tx, s.tenantId);
        return strip(
          await moveOne(s, input.ingredient_id, (ingredient) => ({
            type: input.type ?? 'stock_out',
            quantity: -baseQuantity(ingredient, input.quantity, input.unit),
            reason: input.reason ?? null,
            note: input.note ?? null,
            refuseNegative: settings.negative_stock === 'refuse',
          })),
        );
      }),

    adjust: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const result = await moveOne(s, input.ingredient_id, (ingredient, level) => ({
          type: 'adjustment',
          quantity:
            input.new_quantity !== undefined
              ? roundQuantity(baseQuantity(ingredient, input.new_quantity, input.unit) - level)
              : Math.sign(input.delta!) * baseQuantity(ingredient, Math.abs(input.delta!), input.unit),
          reason: input.reason,
          note: input.note ?? null,
        }));
        await s.publish(
          s.tx,
          s.ctx,
          events.stockAdjusted,
          {
            ingredient_id: input.ingredient_id,
            name: result.level.name,
            quantity: result.level.quantity,
            unit: result.level.unit,
            delta: result.transaction.quantity,
            reason: input.reason,
            count_id: null,
          },
          { aggregateId: input.ingredient_id },
        );
        return strip(result);
      }),

    listLevels: (ctx, input) =>
      reading(deps, ctx, async (tx) => {
        const filters: SQL[] = [sql`not i.archived`];
        if (input.category) filters.push(sql`i.category = ${input.category}`);
        if (input.low_stock) filters.push(sql`l.low = ${input.low_stock === 'true'}`);
        const rows = await queryRows<IngredientRow>(
          tx,
          sql`select ${ingredientColumns} from ${ingredientFrom} where ${sql.join(filters, sql` and `)}
              order by lower(i.name), i.id`,
        );
        return rows.map(toLevel);
      }),

    listTransactions: (ctx, input) =>
      reading(deps, ctx, async (tx) => {
        const limit = Number(input.limit ?? 50);
        const after = cursorAfter(input.cursor, timeCursor);
        const filters: SQL[] = [sql`true`];
        if (input.ingredient_id) filters.push(sql`t.ingredient_id = ${input.ingredient_id}`);
        if (input.type) filters.push(sql`t.type = ${input.type}`);
        if (input.order_id) filters.push(sql`t.order_id = ${input.order_id}`);
        if (input.from) filters.push(sql`t.created_at >= ${input.from}::timestamptz`);
        if (input.to) filters.push(sql`t.created_at < ${input.to}::timestamptz`);
        if (after) filters.push(sql`(t.created_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
        const rows = await queryRows<TransactionRow & { unit: Unit }>(
          tx,
          sql`select t.*, i.unit from inventory.transactions t join inventory.ingredients i on i.id = t.ingredient_id
              where ${sql.join(filters, sql` and `)} order by t.created_at desc, t.id desc limit ${limit + 1}`,
        );
        return pageFrom(
          rows,
          limit,
          (row) => toTransaction(row, row.unit),
          (row) => [new Date(row.created_at).toISOString(), row.id],
        );
      }),

    alerts: (ctx) =>
      reading(deps, ctx, async (tx, tenantId): Promise<Alerts> => {
        const settings = await loadSettings(tx, tenantId);
        const rows = await queryRows<IngredientRow>(
          tx,
          sql`select ${ingredientColumns} from ${ingredientFrom} where not i.archived and (l.low or l.flagged)
              order by lower(i.name), i.id`,
        );
        const today = clock.now().toISOString().slice(0, 10);
        const lots = await expiringLots(tx, today, settings.expiry_warning_days);
        return {
          low_stock: rows.filter((row) => row.low).map(toLevel),
          flagged: rows.filter((row) => row.flagged).map(toLevel),
          expiring_lots: lots.map((lot) => {
            const wire = toExpiringLot(lot);
            return { ...wire, expired: wire.expires_on < today };
          }),
        };
      }),
  };
}

export interface ExpiringLotRow {
  id: string;
  ingredient_id: string;
  name: string;
  unit: Unit;
  lot_code: string | null;
  expires_on: string;
  remaining: string;
  alerted_at: string | null;
}

/** Lots with stock left that expire on or before today + `days`, soonest first. */
export function expiringLots(tx: Tx, today: string, days: number, onlyUnalerted = false) {
  return queryRows<ExpiringLotRow>(
    tx,
    sql`select lo.id, lo.ingredient_id, i.name, i.unit, lo.lot_code, lo.expires_on, lo.remaining, lo.alerted_at
        from inventory.lots lo join inventory.ingredients i on i.id = lo.ingredient_id
        where lo.remaining > 0 and lo.expires_on is not null
          and lo.expires_on <= ${today}::date + ${days}::int
          ${onlyUnalerted ? sql`and lo.alerted_at is null` : sql``}
        order by lo.expires_on, lo.id`,
  );
}

/** A lot as alerts and inventory.lot_expiring.v1 show it. */
export const toExpiringLot = (lot: ExpiringLotRow) => ({
  lot_id: lot.id,
  ingredient_id: lot.ingredient_id,
  name: lot.name,
  lot_code: lot.lot_code,
  expires_on: dateOnly(lot.expires_on),
  remaining: fromBase(num(lot.remaining), lot.unit),
  unit: lot.unit,
});
