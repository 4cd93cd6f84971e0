import type { Tx } from '@brigade/db';
import { asc, eq, sql } from 'drizzle-orm';
import { type Check, type CheckPart, paymentsErrors as fail } from '../contract/index.js';
import { tipOptions } from '../providers/money.js';
import { type CheckRow, checkParts, checks, type PartRow } from './tables.js';

export const checkNotFound = (id: string) => fail('check_not_found', `No check ${id}.`);

export async function findCheck(tx: Tx, id: string): Promise<CheckRow> {
  const [row] = await tx.select().from(checks).where(eq(checks.id, id));
  if (!row) throw checkNotFound(id);
  return row;
}

/** The check, locked for the rest of the transaction (payments on it queue here). */
export async function lockCheck(tx: Tx, id: string): Promise<CheckRow> {
  const [row] = await tx.select().from(checks).where(eq(checks.id, id)).for('update');
  if (!row) throw checkNotFound(id);
  return row;
}

export const partsOf = (tx: Tx, checkId: string) =>
  tx.select().from(checkParts).where(eq(checkParts.checkId, checkId)).orderBy(asc(checkParts.position));

export function toPart(row: PartRow): CheckPart {
  return {
    id: row.id,
    position: row.position,
    label: row.label,
    amount: row.amount,
    paid: row.paid,
    due: row.amount - row.paid,
    items: row.items,
  };
}

export function toCheck(row: CheckRow, parts: PartRow[], tipPresetsBps: readonly number[]): Check {
  const due = row.total - row.paid;
  return {
    id: row.id,
    order_id: row.orderId,
    session_id: row.sessionId,
    table_id: row.tableId,
    order_ids: row.orderIds,
    status: row.status,
    currency: row.currency,
    lines: row.lines,
    subtotal: row.subtotal,
    tax_total: row.taxTotal,
    discount_total: row.discountTotal,
    service_charge_bps: row.serviceChargeBps,
    service_charge: row.serviceCharge,
    service_charge_tax: row.serviceChargeTax,
    total: row.total,
    paid: row.paid,
    due,
    tip_total: row.tipTotal,
    tip_options: tipOptions(due, tipPresetsBps),
    split_mode: row.splitMode,
    parts: parts.map(toPart),
    table_number: row.tableNumber,
    bill_requested_at: row.billRequestedAt?.toISOString() ?? null,
    bill_request_method: row.billRequestMethod,
    bill_request_tip: row.billRequestTip,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    closed_at: row.closedAt?.toISOString() ?? null,
  };
}

/** How long a remote attempt waiting for the guest (requires_action) holds its amount. */
export const holdMinutes = 15;

/**
 * Amount held by payments in flight on a check (or one of its parts): those being processed,
 * and those waiting for the guest in the browser for less than `holdMinutes` (an abandoned
 * attempt stops blocking the check; if it is paid later after all, settle.ts credits only what
 * is still due).
 */
export async function inFlight(tx: Tx, checkId: string, partId: string | null, now: Date): Promise<number> {
  const since = new Date(now.getTime() - holdMinutes * 60_000).toISOString();
  const result = (await tx.execute(
    sql`select coalesce(sum(amount), 0)::bigint as held from payments.payments
        where check_id = ${checkId}
          and (status in ('processing', 'pending')
               or (status = 'requires_action' and updated_at > ${since}::timestamptz))
          and (${partId}::uuid is null or part_id = ${partId}::uuid)`,
  )) as unknown as { rows: { held: string | number }[] };
  return Number(result.rows[0]?.held ?? 0);
}
