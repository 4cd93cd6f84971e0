import type { AppModule } from '@brigade/http';
import { anonymousActor, defineEvent, defineModule, systemContext } from '@brigade/kernel';
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
    // A guest credential good for one order's channel only: `Bearer guest-order.<tenant>.<order>`.
    authenticateRealtime: async (request) => {
      const match = /^Bearer guest-order\.([0-9a-f-]{36})\.([0-9a-f-]{36})$/.exec(
        request.headers.authorization ?? '',
      );
      if (!match) return null;
      return { tenantId: match[1]!, actor: anonymousActor, channels: [`order:${match[2]}`] };
    },
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
