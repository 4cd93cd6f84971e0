import { contextTx } from '@brigade/db';
import { asc, eq } from 'drizzle-orm';
import {
  type FloorService,
  floorErrors as fail,
  floorEvents,
  mergeSessionSchema,
  moveSessionSchema,
  openSessionSchema,
  updateSessionSchema,
} from './contract/index.js';
import {
  type FloorTx,
  lockSession,
  lockTable,
  moveTableTo,
  openSessionAt,
  requireOpen,
  seatParty,
  tenantOf,
  toSession,
} from './db/floor-rows.js';
import { tableSessions } from './db/tables.js';
import { type FloorDeps, resolveToken } from './floor-plan.service.js';

type Sessions = Pick<
  FloorService,
  | 'getSession'
  | 'listOpenSessions'
  | 'openSession'
  | 'openSessionForGuest'
  | 'openSessionForTable'
  | 'updateSession'
  | 'closeSession'
  | 'moveSession'
  | 'mergeSessions'
>;

const maxCovers = 500;

/** Table sessions: a party from the moment it sits down until it leaves (what orders reference). */
export function createSessions({ db, clock, publish, tenants }: FloorDeps): Sessions {
  return {
    async getSession(ctx, { id }) {
      const [row] = await contextTx(db, ctx, (tx) =>
        tx.select().from(tableSessions).where(eq(tableSessions.id, id)),
      );
      if (!row) throw fail('session_not_found', `No table session ${id}.`);
      return toSession(row);
    },

    async listOpenSessions(ctx) {
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(tableSessions)
          .where(eq(tableSessions.status, 'open'))
          .orderBy(asc(tableSessions.id)),
      );
      return rows.map(toSession);
    },

    async openSession(ctx, { table_id, ...input }) {
      const { covers } = openSessionSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const session = await contextTx(db, ctx, async (tx) => {
        const table = await lockTable(tx, table_id);
        return seatParty({ tx, ctx, tenantId, clock, publish }, table, { covers, source: 'staff' });
      });
      return toSession(session);
    },

    async openSessionForGuest(ctx, { table_token }) {
      const { tenant_id: tenantId, table } = await resolveToken(db, tenants, ctx, table_token);
      const session = await db.tenantTx(tenantId, async (tx) => {
        const locked = await lockTable(tx, table.id);
        const open = await openSessionAt(tx, locked.id);
        if (open) return open;
        return seatParty({ tx, ctx, tenantId, clock, publish }, locked, { covers: 1, source: 'guest' });
      });
      return { ...toSession(session), tenant_id: tenantId };
    },

    async openSessionForTable(ctx, { table_id, ...input }) {
      const { covers } = openSessionSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const session = await contextTx(db, ctx, async (tx) => {
        const table = await lockTable(tx, table_id, 'table_id');
        const open = await openSessionAt(tx, table.id);
        if (open) return open;
        return seatParty({ tx, ctx, tenantId, clock, publish }, table, { covers, source: 'staff' });
      });
      return toSession(session);
    },

    async updateSession(ctx, { id, ...input }) {
      const { covers } = updateSessionSchema.parse(input);
      const row = await contextTx(db, ctx, async (tx) => {
        const session = await lockSession(tx, id);
        requireOpen(session);
        const [updated] = await tx
          .update(tableSessions)
          .set({ covers, updatedAt: clock.now() })
          .where(eq(tableSessions.id, id))
          .returning();
        return updated!;
      });
      return toSession(row);
    },

    async closeSession(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const floor: FloorTx = { tx, ctx, tenantId, clock, publish };
        const session = await lockSession(tx, id);
        requireOpen(session);
        const table = await lockTable(tx, session.tableId);
        const now = clock.now();
        const [closed] = await tx
          .update(tableSessions)
          .set({ status: 'closed', closedAt: now, updatedAt: now })
          .where(eq(tableSessions.id, id))
          .returning();
        await publish(
          tx,
          ctx,
          floorEvents.sessionClosed,
          { session_id: id, table_id: table.id, covers: session.covers },
          { aggregateId: table.id, tenantId },
        );
        await moveTableTo(floor, table, 'cleaning', 'session_closed');
        return closed!;
      });
      return toSession(row);
    },

    async moveSession(ctx, { id, ...input }) {
      const { table_id: targetId } = moveSessionSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const floor: FloorTx = { tx, ctx, tenantId, clock, publish };
        const session = await lockSession(tx, id);
        requireOpen(session);
        if (session.tableId === targetId) {
          throw fail('table_unavailable', 'The party already sits at that table.', {
            errors: [{ field: 'table_id', message: 'the session is already there' }],
          });
        }
        // Both tables locked in id order, so two moves between the same tables cannot deadlock.
        const [firstId, secondId] = [session.tableId, targetId].sort() as [string, string];
        const first = await lockTable(tx, firstId, firstId === targetId ? 'table_id' : undefined);
        const second = await lockTable(tx, secondId, secondId === targetId ? 'table_id' : undefined);
        const [from, to] = first.id === targetId ? [second, first] : [first, second];
        const occupant = await openSessionAt(tx, to.id);
        if (occupant || to.status !== 'available') {
          throw fail(
            'table_unavailable',
            `Table ${to.number} is not free (${occupant ? 'occupied' : to.status}).`,
            {
              details: { status: to.status, ...(occupant && { session_id: occupant.id }) },
            },
          );
        }
        const [moved] = await tx
          .update(tableSessions)
          .set({ tableId: to.id, updatedAt: clock.now() })
          .where(eq(tableSessions.id, id))
          .returning();
        await publish(
          tx,
          ctx,
          floorEvents.sessionMoved,
          { session_id: id, from_table_id: from.id, to_table_id: to.id },
          { aggregateId: from.id, tenantId },
        );
        await moveTableTo(floor, from, 'cleaning', 'session_moved');
        await moveTableTo(floor, to, 'occupied', 'session_moved');
        return moved!;
      });
      return toSession(row);
    },

    async mergeSessions(ctx, { id, ...input }) {
      const { session_id: otherId } = mergeSessionSchema.parse(input);
      if (otherId === id) {
        throw fail('cannot_merge_into_itself', 'A session cannot be merged into itself.', {
          errors: [{ field: 'session_id', message: 'must be another session' }],
        });
      }
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const floor: FloorTx = { tx, ctx, tenantId, clock, publish };
        const [firstId, secondId] = [id, otherId].sort() as [string, string];
        const first = await lockSession(tx, firstId, firstId === otherId ? 'session_id' : undefined);
        const second = await lockSession(tx, secondId, secondId === otherId ? 'session_id' : undefined);
        const [target, other] = first.id === id ? [first, second] : [second, first];
        requireOpen(target);
        requireOpen(other);
        const otherTable = await lockTable(tx, other.tableId);
        const now = clock.now();
        const covers = target.covers + other.covers;
        if (covers > maxCovers) {
          throw fail(
            'party_too_large',
            `Together the parties would be ${covers} covers; at most ${maxCovers}.`,
            {
              details: { covers },
            },
          );
        }
        await tx
          .update(tableSessions)
          .set({ status: 'merged', mergedIntoId: target.id, closedAt: now, updatedAt: now })
          .where(eq(tableSessions.id, other.id));
        const [merged] = await tx
          .update(tableSessions)
          .set({ covers, updatedAt: now })
          .where(eq(tableSessions.id, target.id))
          .returning();
        await publish(
          tx,
          ctx,
          floorEvents.sessionsMerged,
          {
            session_id: target.id,
            table_id: target.tableId,
            merged_session_id: other.id,
            merged_table_id: other.tableId,
            covers,
          },
          { aggregateId: target.tableId, tenantId },
        );
        // The other party joined this table: theirs is left to be cleaned.
        await moveTableTo(floor, otherTable, 'cleaning', 'sessions_merged');
        return merged!;
      });
      return toSession(row);
    },
  };
}
