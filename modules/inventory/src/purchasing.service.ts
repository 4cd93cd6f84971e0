import { isUniqueViolation, queryRows, type Tx } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { type SQL, sql } from 'drizzle-orm';
import {
  inventoryEvents as events,
  inventoryErrors as fail,
  type InventoryService,
  type PurchaseOrder,
  type Supplier,
  type Unit,
} from './contract/index.js';
import { newestFirst } from './db/newest-first.js';
import { dateOnly, iso, isoOrNull, loadIngredient, num } from './db/rows.js';
import { suggestedOrder } from './domain/alerts.js';
import { fromBase, roundQuantity, valueAt } from './domain/units.js';
import { afterMoves, baseQuantity, move } from './stock.js';
import { type InventoryDeps, inTenant, reading, type StockTx } from './support.js';

type PurchasingMethods = Pick<
  InventoryService,
  | 'createSupplier'
  | 'getSupplier'
  | 'listSuppliers'
  | 'updateSupplier'
  | 'createPurchaseOrder'
  | 'suggestPurchaseOrder'
  | 'getPurchaseOrder'
  | 'listPurchaseOrders'
  | 'sendPurchaseOrder'
  | 'receivePurchaseOrder'
  | 'closePurchaseOrder'
>;

interface SupplierRow {
  id: string;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  lead_time_days: number;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

const toSupplier = (row: SupplierRow): Supplier => ({
  ...row,
  lead_time_days: num(row.lead_time_days),
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

async function loadSupplier(tx: Tx, id: string): Promise<SupplierRow> {
  const [row] = await queryRows<SupplierRow>(tx, sql`select * from inventory.suppliers where id = ${id}`);
  if (!row) throw fail('supplier_not_found', `No supplier ${id}.`);
  return row;
}

interface PurchaseOrderRow {
  id: string;
  supplier_id: string;
  status: PurchaseOrder['status'];
  notes: string | null;
  expected_on: string | null;
  sent_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

interface PurchaseLineRow {
  id: string;
  ingredient_id: string;
  ingredient_name: string;
  unit: Unit;
  ordered: string;
  received: string;
  unit_cost: number;
}

async function loadPurchaseOrder(tx: Tx, id: string, lock = false): Promise<PurchaseOrder> {
  const [row] = await queryRows<PurchaseOrderRow>(
    tx,
    sql`select * from inventory.purchase_orders where id = ${id} ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw fail('purchase_order_not_found', `No purchase order ${id}.`);
  const lines = await queryRows<PurchaseLineRow>(
    tx,
    sql`select pl.id, pl.ingredient_id, i.name as ingredient_name, i.unit, pl.ordered, pl.received, pl.unit_cost
        from inventory.purchase_order_lines pl join inventory.ingredients i on i.id = pl.ingredient_id
        where pl.purchase_order_id = ${id} order by pl.position`,
  );
  const wire = lines.map((line) => ({
    id: line.id,
    ingredient_id: line.ingredient_id,
    ingredient_name: line.ingredient_name,
    ordered: fromBase(num(line.ordered), line.unit),
    received: fromBase(num(line.received), line.unit),
    unit: line.unit,
    unit_cost: num(line.unit_cost),
    total: valueAt(num(line.ordered), num(line.unit_cost), line.unit),
  }));
  return {
    id: row.id,
    supplier_id: row.supplier_id,
    status: row.status,
    notes: row.notes,
    expected_on: row.expected_on ? dateOnly(row.expected_on) : null,
    lines: wire,
    total: wire.reduce((sum, line) => sum + line.total, 0),
    sent_at: isoOrNull(row.sent_at),
    closed_at: isoOrNull(row.closed_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

const supplierTaken = (name: string) =>
  fail('name_taken', `A supplier named ${name} exists.`, { errors: [{ field: 'name', message: 'taken' }] });

/** Suppliers and purchase orders (issue 9 point 6). */
export function createPurchasing(deps: InventoryDeps): PurchasingMethods {
  const { clock } = deps;

  async function insertPurchaseOrder(
    s: StockTx,
    input: { supplier_id: string; notes?: string | null; expected_on?: string | null },
    lines: { ingredient_id: string; ordered: number; unit_cost: number }[],
  ): Promise<PurchaseOrder> {
    await loadSupplier(s.tx, input.supplier_id);
    const id = newId();
    const now = clock.now().toISOString();
    await s.tx.execute(sql`insert into inventory.purchase_orders
      (id, tenant_id, supplier_id, status, notes, expected_on, created_at, updated_at)
      values (${id}, ${s.tenantId}, ${input.supplier_id}, 'draft', ${input.notes ?? null},
              ${input.expected_on ?? null}::date, ${now}, ${now})`);
    for (const [position, line] of lines.entries()) {
      await s.tx.execute(sql`insert into inventory.purchase_order_lines
        (id, tenant_id, purchase_order_id, ingredient_id, ordered, unit_cost, position)
        values (${newId()}, ${s.tenantId}, ${id}, ${line.ingredient_id}, ${line.ordered}, ${line.unit_cost}, ${position})`);
    }
    return loadPurchaseOrder(s.tx, id);
  }

  /** Moves a purchase order from one of `from` to `to` (setting `stamp`), else invalid_transition. */
  const transition =
    (
      id: string,
      from: PurchaseOrder['status'][],
      to: PurchaseOrder['status'],
      stamp: 'sent_at' | 'closed_at',
    ) =>
    async (s: StockTx) => {
      const order = await loadPurchaseOrder(s.tx, id, true);
      if (!from.includes(order.status)) {
        throw fail('invalid_transition', `A ${order.status} purchase order cannot become ${to}.`);
      }
      const now = clock.now().toISOString();
      await s.tx.execute(sql`update inventory.purchase_orders set status = ${to}, ${sql.identifier(stamp)} = ${now},
        updated_at = ${now} where id = ${id}`);
      return loadPurchaseOrder(s.tx, id);
    };

  return {
    createSupplier: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const id = newId();
        const now = clock.now().toISOString();
        try {
          await s.tx.execute(sql`insert into inventory.suppliers
            (id, tenant_id, name, contact_name, email, phone, lead_time_days, notes, created_at, updated_at)
            values (${id}, ${s.tenantId}, ${input.name}, ${input.contact_name ?? null}, ${input.email ?? null},
                    ${input.phone ?? null}, ${input.lead_time_days ?? 1}, ${input.notes ?? null}, ${now}, ${now})`);
        } catch (error) {
          if (isUniqueViolation(error)) throw supplierTaken(input.name);
          throw error;
        }
        return toSupplier(await loadSupplier(s.tx, id));
      }),

    getSupplier: (ctx, { id }) => reading(deps, ctx, async (tx) => toSupplier(await loadSupplier(tx, id))),

    listSuppliers: (ctx) =>
      reading(deps, ctx, async (tx) =>
        (
          await queryRows<SupplierRow>(tx, sql`select * from inventory.suppliers order by lower(name), id`)
        ).map(toSupplier),
      ),

    updateSupplier: (ctx, { id, changes }) =>
      inTenant(deps, ctx, async (s) => {
        await loadSupplier(s.tx, id);
        const set: SQL[] = [sql`updated_at = ${clock.now().toISOString()}`];
        for (const field of ['name', 'contact_name', 'email', 'phone', 'lead_time_days', 'notes'] as const) {
          if (changes[field] !== undefined) set.push(sql`${sql.identifier(field)} = ${changes[field]}`);
        }
        try {
          await s.tx.execute(sql`update inventory.suppliers set ${sql.join(set, sql`, `)} where id = ${id}`);
        } catch (error) {
          if (isUniqueViolation(error)) throw supplierTaken(changes.name ?? '');
          throw error;
        }
        return toSupplier(await loadSupplier(s.tx, id));
      }),

    createPurchaseOrder: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const lines = [];
        for (const line of input.lines) {
          const ingredient = await loadIngredient(s.tx, line.ingredient_id);
          lines.push({
            ingredient_id: ingredient.id,
            ordered: baseQuantity(ingredient, line.quantity, line.unit),
            unit_cost: line.unit_cost ?? num(ingredient.cost_per_unit),
          });
        }
        return insertPurchaseOrder(s, input, lines);
      }),

    suggestPurchaseOrder: (ctx, input) =>
      inTenant(deps, ctx, async (s) => {
        const supplier = await loadSupplier(s.tx, input.supplier_id);
        const usageDays = input.usage_days ?? 14;
        const since = new Date(clock.now().getTime() - usageDays * 86_400_000).toISOString();
        const rows = await queryRows<{
          id: string;
          quantity: string;
          reorder_point: string;
          par_level: string;
          cost_per_unit: number;
          used: string;
        }>(
          s.tx,
          sql`select i.id, l.quantity, i.reorder_point, i.par_level, i.cost_per_unit,
                coalesce((select -sum(t.quantity) from inventory.transactions t
                  where t.ingredient_id = i.id and t.created_at >= ${since}::timestamptz
                    and t.type in ('consumption', 'return', 'waste', 'stock_out')), 0) as used
              from inventory.ingredients i join inventory.levels l on l.ingredient_id = i.id
              where not i.archived and i.reorder_point > 0 and l.quantity <= i.reorder_point
                and (i.supplier_id = ${supplier.id} ${input.include_unassigned ? sql`or i.supplier_id is null` : sql``})
              order by lower(i.name), i.id`,
        );
        const lines = rows
          .map((row) => ({
            ingredient_id: row.id,
            ordered: suggestedOrder({
              level: num(row.quantity),
              reorderPoint: num(row.reorder_point),
              parLevel: num(row.par_level),
              dailyUsage: Math.max(0, num(row.used)) / usageDays,
              leadTimeDays: num(supplier.lead_time_days),
            }),
            unit_cost: num(row.cost_per_unit),
          }))
          .filter((line) => line.ordered > 0);
        if (lines.length === 0) {
          throw fail('nothing_to_order', `Nothing of ${supplier.name}'s is at or below its reorder point.`);
        }
        return insertPurchaseOrder(
          s,
          { supplier_id: supplier.id, notes: 'Suggested from reorder points' },
          lines,
        );
      }),

    getPurchaseOrder: (ctx, { id }) => reading(deps, ctx, (tx) => loadPurchaseOrder(tx, id)),

    listPurchaseOrders: (ctx, input) =>
      reading(deps, ctx, (tx) =>
        newestFirst(
          tx,
          sql`inventory.purchase_orders`,
          [
            ...(input.status ? [sql`status = ${input.status}`] : []),
            ...(input.supplier_id ? [sql`supplier_id = ${input.supplier_id}`] : []),
          ],
          { limit: Number(input.limit ?? 50), cursor: input.cursor },
          loadPurchaseOrder,
        ),
      ),

    sendPurchaseOrder: (ctx, { id }) => inTenant(deps, ctx, transition(id, ['draft'], 'sent', 'sent_at')),

    closePurchaseOrder: (ctx, { id }) =>
      inTenant(
        deps,
        ctx,
        transition(id, ['draft', 'sent', 'partially_received', 'received'], 'closed', 'closed_at'),
      ),

    receivePurchaseOrder: (ctx, { id, lines, override }) =>
      inTenant(deps, ctx, async (s) => {
        const order = await loadPurchaseOrder(s.tx, id, true);
        if (!['sent', 'partially_received'].includes(order.status)) {
          throw fail('invalid_transition', `A ${order.status} purchase order cannot be received.`);
        }
        const received: { ingredient_id: string; quantity: number; unit: Unit; unit_cost: number }[] = [];
        const touched: string[] = [];
        const errors: { field: string; message: string }[] = [];
        const planned = [];
        for (const [index, line] of lines.entries()) {
          const ordered = order.lines.find((candidate) => candidate.id === line.line_id);
          if (!ordered)
            throw fail('purchase_order_line_not_found', `No line ${line.line_id} on this purchase order.`);
          const ingredient = await loadIngredient(s.tx, ordered.ingredient_id, true);
          const quantity = baseQuantity(ingredient, line.quantity, line.unit);
          const before = await queryRows<{ ordered: string; received: string }>(
            s.tx,
            sql`select ordered, received from inventory.purchase_order_lines where id = ${line.line_id} for update`,
          );
          const already =
            num(before[0]?.received) +
            planned
              .filter((entry) => entry.lineId === line.line_id)
              .reduce((sum, entry) => sum + entry.quantity, 0);
          if (!override && roundQuantity(already + quantity) > num(before[0]?.ordered)) {
            errors.push({
              field: `lines.${index}.quantity`,
              message: `more than ordered (${fromBase(num(before[0]?.ordered) - already, ingredient.unit)} ${ingredient.unit} open)`,
            });
          }
          planned.push({
            lineId: line.line_id,
            ingredient,
            quantity,
            line,
            unitCost: line.unit_cost ?? ordered.unit_cost,
          });
        }
        if (errors.length > 0) {
          throw fail('over_receipt', 'Receiving more than was ordered needs override: true.', { errors });
        }
        for (const { lineId, ingredient, quantity, line, unitCost } of planned) {
          await move(s, ingredient, {
            type: 'stock_in',
            quantity,
            unitCost,
            reason: 'purchase_order',
            purchaseOrderId: id,
            lot:
              line.lot_code || line.expires_on
                ? { code: line.lot_code ?? null, expiresOn: line.expires_on ?? null }
                : null,
          });
          await s.tx.execute(
            sql`update inventory.purchase_order_lines set received = received + ${quantity} where id = ${lineId}`,
          );
          await s.tx.execute(
            sql`update inventory.ingredients set cost_per_unit = ${unitCost} where id = ${ingredient.id}`,
          );
          received.push({
            ingredient_id: ingredient.id,
            quantity: fromBase(quantity, ingredient.unit),
            unit: ingredient.unit,
            unit_cost: unitCost,
          });
          touched.push(ingredient.id);
        }
        const [open] = await queryRows<{ open: number }>(
          s.tx,
          sql`select count(*)::int as open from inventory.purchase_order_lines where purchase_order_id = ${id} and received < ordered`,
        );
        const status = num(open?.open) > 0 ? 'partially_received' : 'received';
        await s.tx.execute(sql`update inventory.purchase_orders set status = ${status}, updated_at = ${clock.now().toISOString()}
          where id = ${id}`);
        await afterMoves(s, touched);
        await s.publish(
          s.tx,
          s.ctx,
          events.stockReceived,
          { purchase_order_id: id, supplier_id: order.supplier_id, status, lines: received },
          { aggregateId: id },
        );
        return loadPurchaseOrder(s.tx, id);
      }),
  };
}
