import { DomainError, eventEnvelopeSchema } from '@brigade/kernel';
import type { EventBus } from '@brigade/messaging';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from './problem.js';

const catalogEntry = z.object({
  type: z.string(),
  producer: z.string(),
  description: z.string(),
  consumers: z.array(z.string()),
  schema: z.unknown(),
});

const deadLetter = z
  .object({
    id: z.string(),
    subscriber_id: z.string(),
    event_id: z.string(),
    type: z.string(),
    tenant_id: z.string(),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    dead_at: z.string(),
    envelope: eventEnvelopeSchema,
  })
  .meta({ id: 'DeadLetter' });

const admin = { permission: 'events:admin' } as const;
const tags = ['events'];
const idParams = z.object({ id: z.string().min(1).max(300) });
const count = z.object({ count: z.number().int() });
const errors = { 401: problemSchema, 403: problemSchema, 404: problemSchema };

const notFound = (id: string) =>
  new DomainError('dead_letter_not_found', 'not_found', `No dead letter ${id}.`);

/** Applies `act` to the one dead letter named in the path; 404 when there is none. */
const oneDeadLetter =
  (act: (ids: string[]) => Promise<number>) => async (request: { params: { id: string } }) => {
    const count = await act([request.params.id]);
    if (count === 0) throw notFound(request.params.id);
    return { count };
  };

/** The events catalogue, and the dead-letter queue for operators (platform admin). */
export function eventsRoutes(events: EventBus): FastifyPluginAsyncZod {
  const { deadLetters } = events.transport;
  return async (app) => {
    app.get(
      '/events/catalog',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Every event type: producer, consumers and payload schema',
          response: { 200: z.object({ data: z.array(catalogEntry) }) },
        },
      },
      async () => ({ data: events.catalog() }),
    );

    app.get(
      '/admin/dead-letters',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Events a subscriber failed on after every retry',
          querystring: z.object({
            subscriber_id: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ data: z.array(deadLetter) }), ...errors },
        },
      },
      async (request) => ({
        data: await deadLetters.list({
          limit: request.query.limit,
          ...(request.query.subscriber_id && { subscriberId: request.query.subscriber_id }),
        }),
      }),
    );

    app.get(
      '/admin/dead-letters/:id',
      { config: admin, schema: { tags, params: idParams, response: { 200: deadLetter, ...errors } } },
      async (request) => {
        const found = await deadLetters.show(request.params.id);
        if (!found) throw notFound(request.params.id);
        return found;
      },
    );

    app.post(
      '/admin/dead-letters/:id/replay',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Hand a dead letter back to its subscriber',
          params: idParams,
          response: { 200: count, ...errors },
        },
      },
      oneDeadLetter((ids) => deadLetters.replay(ids)),
    );

    app.post(
      '/admin/dead-letters/replay',
      {
        config: admin,
        schema: { tags, summary: 'Replay every dead letter', response: { 200: count, ...errors } },
      },
      async () => ({ count: await deadLetters.replay('all') }),
    );

    app.delete(
      '/admin/dead-letters/:id',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Discard a dead letter',
          params: idParams,
          response: { 200: count, ...errors },
        },
      },
      oneDeadLetter((ids) => deadLetters.purge(ids)),
    );

    app.delete(
      '/admin/dead-letters',
      {
        config: admin,
        schema: { tags, summary: 'Discard every dead letter', response: { 200: count, ...errors } },
      },
      async () => ({ count: await deadLetters.purge('all') }),
    );
  };
}
