import type { AppModule } from '@brigade/http';
import { defineEvent, defineModule, systemContext } from '@brigade/kernel';
import { z } from 'zod';

export const orderNoted = defineEvent(
  'realtime_fixture.order_noted.v1',
  z.object({ order_id: z.uuid(), seq: z.number().int() }),
  'A note on an order (test fixture).',
  { channels: (event) => ['staff', `order:${event.payload.order_id}`] },
);

export type NoteOrder = (tenantId: string, orderId: string, seq: number) => Promise<string>;

/** Commits one `order_noted` event through the module's outbox; returns its event id. */
export const fixtureRealtimeModule: AppModule<{ noteOrder: NoteOrder }> = defineModule({
  name: 'realtime_fixture',
  migrations: new URL('./fixture-migrations/', import.meta.url),
  events: [orderNoted],
  create: ({ db, publish }) => ({
    service: {
      async noteOrder(tenantId, orderId, seq) {
        const envelope = await db.tenantTx(tenantId, (tx) =>
          publish(tx, systemContext(tenantId, `test-${seq}`), orderNoted, { order_id: orderId, seq }),
        );
        return envelope.event_id;
      },
    },
  }),
});
