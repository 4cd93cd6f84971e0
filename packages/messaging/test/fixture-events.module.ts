import type { Tx } from '@brigade/db';
import type { AppModule } from '@brigade/http';
import { defineEvent, defineModule, type EventEnvelope } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineSubscriber, type Publish } from '../src/index.js';

export const noteAdded = defineEvent(
  'fixture_events.note_added.v1',
  z.object({ body: z.string(), seq: z.number().int() }),
  'A note was added (test fixture).',
);

/** Knobs the tests turn: which bodies the picky subscriber refuses, and how often it was called. */
export const behaviour = { refuse: new Set<string>(), calls: new Map<string, number>() };

type Note = z.output<typeof noteAdded.payload>;

function recordEffect(subscriber: string) {
  return async (event: EventEnvelope<Note>, tx: Tx) => {
    await tx.execute(sql`
      insert into fixture_events.effects (tenant_id, subscriber, event_id, body, seq)
      values (${event.tenant_id}, ${subscriber}, ${event.event_id}, ${event.payload.body}, ${event.payload.seq})`);
  };
}

const recorder = defineSubscriber({
  subscriberId: 'fixture_events.recorder',
  event: noteAdded,
  handle: recordEffect('recorder'),
});

const picky = defineSubscriber({
  subscriberId: 'fixture_events.picky',
  event: noteAdded,
  async handle(event, tx) {
    const { body } = event.payload;
    behaviour.calls.set(body, (behaviour.calls.get(body) ?? 0) + 1);
    // Write first, then fail: the rollback must take the effect and the inbox record with it.
    await recordEffect('picky')(event, tx);
    if (behaviour.refuse.has(body)) throw new Error(`refusing ${body}`);
  },
});

export const fixtureEventsModule: AppModule<{ publish: Publish }> = defineModule({
  name: 'fixture_events',
  migrations: new URL('./fixture-migrations/', import.meta.url),
  events: [noteAdded],
  create: ({ publish }) => ({ service: { publish }, subscribers: [recorder, picky] }),
});
