import { systemContext } from '@brigade/kernel';
import { defineSubscriber } from '@brigade/messaging';
import { paymentsEvents } from '@brigade/payments';
import { eq } from 'drizzle-orm';
import { floorEvents } from '../contract/index.js';
import { lockTable, moveTableTo } from '../db/floor-rows.js';
import { tableSessions } from '../db/tables.js';
import type { FloorDeps } from '../floor-plan.service.js';

/**
 * The table's check is paid in full: the party's visit is over, its session closes and the
 * table goes to cleaning (as closing it by hand does). A session closed, moved or merged
 * meanwhile is left alone.
 */
export const checkClosed = ({ clock, publish }: FloorDeps) =>
  defineSubscriber({
    subscriberId: 'floor.payments.check-closed',
    event: paymentsEvents.checkClosed,
    handle: async (event, tx) => {
      const { session_id: sessionId, settles_session } = event.payload;
      if (!sessionId || !settles_session) return;
      const [session] = await tx
        .select()
        .from(tableSessions)
        .where(eq(tableSessions.id, sessionId))
        .for('update');
      if (session?.status !== 'open') return;
      const tenantId = event.tenant_id;
      const ctx = systemContext(tenantId, event.correlation_id);
      const table = await lockTable(tx, session.tableId);
      const now = clock.now();
      await tx
        .update(tableSessions)
        .set({ status: 'closed', closedAt: now, updatedAt: now })
        .where(eq(tableSessions.id, sessionId));
      await publish(
        tx,
        ctx,
        floorEvents.sessionClosed,
        { session_id: sessionId, table_id: table.id, covers: session.covers },
        { aggregateId: table.id, tenantId, causationId: event.event_id },
      );
      await moveTableTo({ tx, ctx, tenantId, clock, publish }, table, 'cleaning', 'session_closed');
    },
  });
