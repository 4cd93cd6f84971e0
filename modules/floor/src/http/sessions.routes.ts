import { problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  floorPermissions as can,
  type FloorService,
  mergeSessionSchema,
  moveSessionSchema,
  openSessionSchema,
  tableSessionSchema,
  updateSessionSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };
const tags = ['table sessions'];

/** Table sessions: seat a party, count covers, close, move, merge. */
export function sessionsRoutes(service: FloorService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tables/:id/sessions',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Seat a party at the table: opens its session (one at a time) and marks it occupied',
          params: idParams,
          body: openSessionSchema,
          response: { 201: tableSessionSchema, ...conflict, ...errors },
        },
      },
      async (request, reply) => {
        const session = await service.openSession(request.ctx, {
          table_id: request.params.id,
          ...request.body,
        });
        return reply.code(201).header('Location', `/api/v1/table-sessions/${session.id}`).send(session);
      },
    );

    app.get(
      '/table-sessions',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'The open table sessions (the parties seated now)',
          response: { 200: z.object({ data: z.array(tableSessionSchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.listOpenSessions(request.ctx) }),
    );

    app.get(
      '/table-sessions/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Get a table session',
          params: idParams,
          response: { 200: tableSessionSchema, ...errors },
        },
      },
      async (request) => service.getSession(request.ctx, request.params),
    );

    app.patch(
      '/table-sessions/:id',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Correct the number of covers of an open session',
          params: idParams,
          body: updateSessionSchema,
          response: { 200: tableSessionSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.updateSession(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/table-sessions/:id/close',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'The party left: close the session; the table goes to cleaning',
          params: idParams,
          response: { 200: tableSessionSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.closeSession(request.ctx, request.params),
    );

    app.post(
      '/table-sessions/:id/move',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Move the party to a free table (the old one goes to cleaning)',
          params: idParams,
          body: moveSessionSchema,
          response: { 200: tableSessionSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.moveSession(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/table-sessions/:id/merge',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary:
            "Merge another table's open session into this one (covers add up; the other closes as merged)",
          params: idParams,
          body: mergeSessionSchema,
          response: { 200: tableSessionSchema, 422: problemSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.mergeSessions(request.ctx, { id: request.params.id, ...request.body }),
    );
  };
}
