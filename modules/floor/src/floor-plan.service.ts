import { contextTx, type Database, isUniqueViolation, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { type Clock, DomainError, newId, type RequestContext, systemContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  createAreaSchema,
  createTableSchema,
  type FloorService,
  type FloorTable,
  floorErrors as fail,
  floorEvents,
  listTablesSchema,
  type PublicTable,
  type TableQr,
  updateAreaSchema,
  updateTableSchema,
} from './contract/index.js';
import {
  findArea,
  lockTable,
  moveTableTo,
  openSessionAt,
  tenantOf,
  toArea,
  toTable,
} from './db/floor-rows.js';
import {
  type AreaRow,
  areas,
  qrCodes,
  reservations,
  type TableRow,
  tableSessions,
  tables,
} from './db/tables.js';
import { canChangeStatus } from './domain/table-status.js';
import type { FloorOptions } from './options.js';
import { deriveQrToken, guestUrl, hashQrToken, isWellFormedQrToken, sameHash } from './qr/qr-tokens.js';

export interface FloorDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  tenants: () => TenantsService;
  options: FloorOptions;
}

type FloorPlan = Pick<
  FloorService,
  | 'listAreas'
  | 'createArea'
  | 'updateArea'
  | 'deleteArea'
  | 'listTables'
  | 'getTable'
  | 'createTable'
  | 'updateTable'
  | 'deleteTable'
  | 'setTableStatus'
  | 'getTableQr'
  | 'listTableQrs'
  | 'rotateTableQr'
  | 'resolveTableToken'
>;

const tableLayout = (table: FloorTable) => ({
  table_id: table.id,
  number: table.number,
  capacity: table.capacity,
  area_id: table.area_id,
  position: table.position,
});
const areaLayout = (row: AreaRow) => ({ area_id: row.id, name: row.name, position: row.position });

function areaNameTaken(name: string | undefined, error: unknown): never {
  if (isUniqueViolation(error, 'areas_name_key')) {
    throw fail('area_name_taken', `An area named '${name}' already exists.`, {
      errors: [{ field: 'name', message: 'already taken' }],
    });
  }
  throw error;
}

function tableNumberTaken(number: string | undefined, error: unknown): never {
  if (isUniqueViolation(error, 'tables_number_key')) {
    throw fail('table_number_taken', `Table number '${number}' is already in use.`, {
      errors: [{ field: 'number', message: 'already taken' }],
    });
  }
  throw error;
}

/** Live tables with the id of their open session, if any. */
function selectTables(tx: Tx) {
  return tx
    .select({ table: tables, openSessionId: tableSessions.id })
    .from(tables)
    .leftJoin(tableSessions, and(eq(tableSessions.tableId, tables.id), eq(tableSessions.status, 'open')));
}

const unknownCode = () => fail('qr_code_not_found', 'This table code is unknown or no longer valid.');

/** Areas, tables, their status and their QR codes. */
export function createFloorPlan({ db, clock, publish, tenants, options }: FloorDeps): FloorPlan {
  const tableNotFound = (id: string) => fail('table_not_found', `No table ${id}.`);
  const qrOf = (table: TableRow): TableQr => {
    const token = deriveQrToken(options.qrSecret, table.id, table.qrVersion);
    return {
      table_id: table.id,
      number: table.number,
      qr_version: table.qrVersion,
      token,
      url: guestUrl(options.publicBaseUrl, token),
    };
  };
  const registerQr = (tx: Tx, table: TableRow) =>
    tx.insert(qrCodes).values({
      tokenHash: hashQrToken(deriveQrToken(options.qrSecret, table.id, table.qrVersion)),
      tenantId: table.tenantId,
      tableId: table.id,
      qrVersion: table.qrVersion,
      createdAt: clock.now(),
    });
  /** The printable code, once it is sure the stored hash is this secret's token. */
  const printable = (table: TableRow, tokenHash: string | undefined): TableQr => {
    const qr = qrOf(table);
    if (!tokenHash || !sameHash(tokenHash, hashQrToken(qr.token))) {
      throw fail(
        'qr_rotation_required',
        `The QR secret changed since table ${table.number}'s code was issued; rotate it to print a new one.`,
      );
    }
    return qr;
  };
  const readTable = async (tx: Tx, id: string): Promise<FloorTable> => {
    const [row] = await selectTables(tx).where(and(eq(tables.id, id), isNull(tables.deletedAt)));
    if (!row) throw tableNotFound(id);
    return toTable(row.table, row.openSessionId);
  };

  return {
    async listAreas(ctx) {
      const rows = await contextTx(db, ctx, (tx) =>
        tx.select().from(areas).orderBy(asc(areas.position), asc(areas.name)),
      );
      return rows.map(toArea);
    },

    async createArea(ctx, input) {
      const data = createAreaSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const now = clock.now();
      try {
        return await contextTx(db, ctx, async (tx) => {
          const [row] = await tx
            .insert(areas)
            .values({
              id: newId(),
              tenantId,
              name: data.name,
              position: data.position,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await publish(tx, ctx, floorEvents.areaCreated, areaLayout(row!), {
            aggregateId: row!.id,
            tenantId,
          });
          return toArea(row!);
        });
      } catch (error) {
        areaNameTaken(data.name, error);
      }
    },

    async updateArea(ctx, { id, changes }) {
      const patch = updateAreaSchema.parse(changes);
      try {
        return await contextTx(db, ctx, async (tx) => {
          const [row] = await tx
            .update(areas)
            .set({ ...patch, updatedAt: clock.now() })
            .where(eq(areas.id, id))
            .returning();
          if (!row) throw fail('area_not_found', `No area ${id}.`);
          await publish(tx, ctx, floorEvents.areaUpdated, areaLayout(row), {
            aggregateId: id,
            tenantId: tenantOf(ctx),
          });
          return toArea(row);
        });
      } catch (error) {
        areaNameTaken(patch.name, error);
      }
    },

    async deleteArea(ctx, { id }) {
      await contextTx(db, ctx, async (tx) => {
        const area = await findArea(tx, id);
        const [inUse] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(tables)
          .where(and(eq(tables.areaId, id), isNull(tables.deletedAt)));
        if (inUse && inUse.count > 0) {
          throw fail(
            'area_not_empty',
            `The area still has ${inUse.count} table(s); move or delete them first.`,
            {
              details: { tables: inUse.count },
            },
          );
        }
        await tx.delete(areas).where(eq(areas.id, id));
        await publish(
          tx,
          ctx,
          floorEvents.areaDeleted,
          { area_id: id, name: area.name },
          { aggregateId: id, tenantId: tenantOf(ctx) },
        );
      });
    },

    async listTables(ctx, input) {
      const query = listTablesSchema.parse(input);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [isNull(tables.deletedAt)];
      if (after) filters.push(gt(tables.id, after));
      if (query.area_id) filters.push(eq(tables.areaId, query.area_id));
      if (query.status) filters.push(eq(tables.status, query.status));
      const rows = await contextTx(db, ctx, (tx) =>
        selectTables(tx)
          .where(and(...filters))
          .orderBy(asc(tables.id))
          .limit(query.limit + 1),
      );
      return pageFrom(
        rows,
        query.limit,
        (row) => toTable(row.table, row.openSessionId),
        (row) => row.table.id,
      );
    },

    async getTable(ctx, { id }) {
      return contextTx(db, ctx, (tx) => readTable(tx, id));
    },

    async createTable(ctx, input) {
      const data = createTableSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const now = clock.now();
      try {
        return await contextTx(db, ctx, async (tx) => {
          if (data.area_id) await findArea(tx, data.area_id);
          const [row] = await tx
            .insert(tables)
            .values({
              id: newId(),
              tenantId,
              number: data.number,
              capacity: data.capacity,
              areaId: data.area_id,
              position: data.position,
              status: 'available',
              qrVersion: 1,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await registerQr(tx, row!);
          const table = toTable(row!, null);
          await publish(tx, ctx, floorEvents.tableCreated, tableLayout(table), {
            aggregateId: table.id,
            tenantId,
          });
          return table;
        });
      } catch (error) {
        tableNumberTaken(data.number, error);
      }
    },

    async updateTable(ctx, { id, changes }) {
      const patch = updateTableSchema.parse(changes);
      try {
        return await contextTx(db, ctx, async (tx) => {
          await lockTable(tx, id);
          if (patch.area_id) await findArea(tx, patch.area_id);
          await tx
            .update(tables)
            .set({
              ...(patch.number !== undefined && { number: patch.number }),
              ...(patch.capacity !== undefined && { capacity: patch.capacity }),
              ...(patch.area_id !== undefined && { areaId: patch.area_id }),
              ...(patch.position !== undefined && { position: patch.position }),
              updatedAt: clock.now(),
            })
            .where(eq(tables.id, id));
          const table = await readTable(tx, id);
          await publish(tx, ctx, floorEvents.tableUpdated, tableLayout(table), {
            aggregateId: id,
            tenantId: tenantOf(ctx),
          });
          return table;
        });
      } catch (error) {
        tableNumberTaken(patch.number, error);
      }
    },

    async deleteTable(ctx, { id }) {
      await contextTx(db, ctx, async (tx) => {
        const table = await lockTable(tx, id);
        const open = await openSessionAt(tx, id);
        if (open) {
          throw fail(
            'table_has_open_session',
            `Table ${table.number} has a party seated; close its session first.`,
            {
              details: { session_id: open.id },
            },
          );
        }
        const [booked] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(reservations)
          .where(
            and(
              eq(reservations.tableId, id),
              inArray(reservations.status, ['pending', 'confirmed']),
              gt(reservations.endsAt, clock.now()),
            ),
          );
        if (booked && booked.count > 0) {
          throw fail(
            'table_has_reservations',
            `Table ${table.number} has ${booked.count} upcoming reservation(s); move or cancel them first.`,
            { details: { reservations: booked.count } },
          );
        }
        await tx
          .update(tables)
          .set({ deletedAt: clock.now(), updatedAt: clock.now() })
          .where(eq(tables.id, id));
        await tx.delete(qrCodes).where(eq(qrCodes.tableId, id));
        await publish(
          tx,
          ctx,
          floorEvents.tableDeleted,
          { table_id: id, number: table.number },
          { aggregateId: id, tenantId: tenantOf(ctx) },
        );
      });
    },

    async setTableStatus(ctx, { id, status }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const table = await lockTable(tx, id);
        if (table.status === status) return readTable(tx, id);
        const open = await openSessionAt(tx, id);
        if (open) {
          throw fail(
            'table_has_open_session',
            `Table ${table.number} has a party seated; its status follows the session (close or move it).`,
            { details: { session_id: open.id } },
          );
        }
        if (!canChangeStatus(table.status, status)) {
          throw fail('invalid_transition', `A table cannot go from ${table.status} to ${status}.`, {
            details: { from: table.status, to: status },
          });
        }
        await moveTableTo({ tx, ctx, tenantId, clock, publish }, table, status, 'manual');
        return readTable(tx, id);
      });
    },

    async getTableQr(ctx, { id }) {
      return contextTx(db, ctx, async (tx) => {
        const [row] = await tx
          .select({ table: tables, tokenHash: qrCodes.tokenHash })
          .from(tables)
          .leftJoin(qrCodes, eq(qrCodes.tableId, tables.id))
          .where(and(eq(tables.id, id), isNull(tables.deletedAt)));
        if (!row) throw tableNotFound(id);
        return printable(row.table, row.tokenHash ?? undefined);
      });
    },

    async listTableQrs(ctx) {
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select({ table: tables, tokenHash: qrCodes.tokenHash })
          .from(tables)
          .leftJoin(qrCodes, eq(qrCodes.tableId, tables.id))
          .leftJoin(areas, eq(areas.id, tables.areaId))
          .where(isNull(tables.deletedAt))
          .orderBy(sql`${areas.position} nulls last`, asc(areas.name), asc(sql`lower(${tables.number})`)),
      );
      return rows.map((row) => printable(row.table, row.tokenHash ?? undefined));
    },

    async rotateTableQr(ctx, { id }) {
      return contextTx(db, ctx, async (tx) => {
        const table = await lockTable(tx, id);
        const [rotated] = await tx
          .update(tables)
          .set({ qrVersion: table.qrVersion + 1, updatedAt: clock.now() })
          .where(eq(tables.id, id))
          .returning();
        await tx.delete(qrCodes).where(eq(qrCodes.tableId, id));
        await registerQr(tx, rotated!);
        return qrOf(rotated!);
      });
    },

    async resolveTableToken(ctx, { token }) {
      return resolveToken(db, tenants, ctx, token);
    },
  };
}

/**
 * A scanned code to its restaurant and table: the token's hash is looked up in platform scope
 * (the only floor data open to it), then the table is read in that restaurant's own
 * transaction. Unknown, rotated and deleted codes, inactive restaurants and callers signed in
 * to another restaurant all get the same answer.
 */
export async function resolveToken(
  db: Database,
  tenants: () => TenantsService,
  ctx: RequestContext,
  token: string,
): Promise<PublicTable & { tenant_id: string }> {
  if (!isWellFormedQrToken(token)) throw unknownCode();
  const [code] = await db.platformTx((tx) =>
    tx
      .select()
      .from(qrCodes)
      .where(eq(qrCodes.tokenHash, hashQrToken(token))),
  );
  if (!code || (ctx.tenantId && ctx.tenantId !== code.tenantId)) throw unknownCode();
  const [row] = await db.tenantTx(code.tenantId, (tx) =>
    tx
      .select({ table: tables, area: areas })
      .from(tables)
      .leftJoin(areas, eq(areas.id, tables.areaId))
      .where(
        and(eq(tables.id, code.tableId), isNull(tables.deletedAt), eq(tables.qrVersion, code.qrVersion)),
      ),
  );
  if (!row) throw unknownCode();
  const restaurant = await tenants()
    .getRestaurant(systemContext(code.tenantId, ctx.correlationId), { id: code.tenantId })
    .catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    });
  if (!restaurant?.is_active) throw unknownCode();
  return {
    tenant_id: code.tenantId,
    restaurant: {
      id: restaurant.id,
      name: restaurant.name,
      slug: restaurant.slug,
      currency: restaurant.currency,
      timezone: restaurant.timezone,
    },
    table: {
      id: row.table.id,
      number: row.table.number,
      area: row.area ? { id: row.area.id, name: row.area.name } : null,
    },
  };
}
