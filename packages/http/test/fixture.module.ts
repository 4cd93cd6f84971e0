import { setTimeout as sleep } from 'node:timers/promises';
import { contextTx, queryRows } from '@brigade/db';
import { DomainError, defineModule, newId } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppModule, problemSchema } from '../src/index.js';

const note = z.object({ id: z.uuid(), body: z.string() });

/** A tiny module that exercises the kernel: tenant-owned notes plus routes that misbehave on purpose. */
export const fixtureModule: AppModule = defineModule({
  name: 'fixture',
  migrations: new URL('./fixture-migrations/', import.meta.url),
  create({ db }) {
    const routes: FastifyPluginAsyncZod = async (app) => {
      app.post(
        '/notes',
        {
          config: { permission: 'notes:write' },
          schema: {
            body: z
              .object({ body: z.string().min(1).max(500), delay_ms: z.number().int().max(2000).optional() })
              .strict(),
            response: { 201: note, 400: problemSchema },
          },
        },
        async (request, reply) => {
          if (request.body.delay_ms) await sleep(request.body.delay_ms);
          const id = newId();
          await contextTx(db, request.ctx, (tx) =>
            tx.execute(
              sql`insert into fixture.notes (tenant_id, id, body) values (${request.ctx.tenantId}, ${id}, ${request.body.body})`,
            ),
          );
          return reply
            .code(201)
            .header('Location', `/api/v1/notes/${id}`)
            .send({ id, body: request.body.body });
        },
      );
      app.get(
        '/notes',
        {
          config: { permission: 'notes:read' },
          schema: { response: { 200: z.object({ data: z.array(note) }) } },
        },
        async (request) => ({
          data: await contextTx(db, request.ctx, (tx) =>
            queryRows<{ id: string; body: string }>(tx, sql`select id, body from fixture.notes order by id`),
          ),
        }),
      );
      app.get('/boom', { config: { public: true } }, async () => {
        throw new Error('connection string postgres://admin:hunter2@db/prod exploded');
      });
      app.get('/rule', { config: { public: true } }, async () => {
        throw new DomainError('table_closed', 'rule', 'Table 4 is closed.', { details: { table: 4 } });
      });
      app.get(
        '/slow',
        {
          config: { public: true },
          schema: { querystring: z.object({ ms: z.coerce.number().int().max(5000) }) },
        },
        async (request) => {
          await sleep(request.query.ms);
          return { waited_ms: request.query.ms };
        },
      );
      app.get('/either', { config: { permission: ['notes:write', 'notes:own'] } }, async () => ({
        ok: true,
      }));
      app.get(
        '/limited',
        { config: { public: true, rateLimit: { ip: 3, windowSeconds: 60 } } },
        async () => ({ ok: true }),
      );
      app.get(
        '/tables/:token',
        {
          config: {
            public: true,
            rateLimit: { ip: 6, param: { name: 'token', limit: 2 }, windowSeconds: 60 },
          },
        },
        async () => ({ ok: true }),
      );
      app.post(
        '/echo',
        { config: { public: true }, schema: { body: z.object({ card: z.string(), password: z.string() }) } },
        async (request) => {
          request.log.info(
            { note: `customer paid with ${request.body.card}`, password: request.body.password },
            'echo',
          );
          return { ok: true };
        },
      );
    };
    return { service: {}, routes };
  },
});
