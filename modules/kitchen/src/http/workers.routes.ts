import { pageOf, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  kitchenPermissions as can,
  claimResultSchema,
  type KitchenService,
  listWorkersSchema,
  registerWorkerSchema,
  workerSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['kitchen workers'];

/** Seed 004's kitchen workers (issue 6 point 7). */
export function workersRoutes(service: KitchenService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/kitchen/workers',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary:
            'Register a worker (name, stations, order types, prefetch); the same name again updates it and brings it online',
          body: registerWorkerSchema,
          response: { 200: workerSchema, 201: workerSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { worker, created } = await service.registerWorker(request.ctx, request.body);
        if (!created) return worker;
        return reply.code(201).header('Location', `/api/v1/kitchen/workers/${worker.id}`).send(worker);
      },
    );

    app.get(
      '/kitchen/workers',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Workers: status (online/offline), tickets claimed, orders processed, last seen',
          querystring: listWorkersSchema,
          response: { 200: pageOf(workerSchema), ...errors },
        },
      },
      async (request) => service.listWorkers(request.ctx, request.query),
    );

    app.get(
      '/kitchen/workers/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Get a worker',
          params: idParams,
          response: { 200: workerSchema, ...errors },
        },
      },
      async (request) => service.getWorker(request.ctx, request.params),
    );

    app.post(
      '/kitchen/workers/:id/heartbeat',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'The worker is alive: online until the heartbeat timeout passes without another',
          params: idParams,
          response: { 200: workerSchema, ...errors },
        },
      },
      async (request) => service.heartbeat(request.ctx, request.params),
    );

    app.post(
      '/kitchen/workers/:id/claim',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary:
            'Claim fired tickets of its stations and order types, rush first then oldest, up to its prefetch (never one another worker holds)',
          params: idParams,
          response: { 200: claimResultSchema, ...errors },
        },
      },
      async (request) => service.claimTickets(request.ctx, request.params),
    );

    app.delete(
      '/kitchen/workers/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Remove a worker; the tickets it held are released',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.removeWorker(request.ctx, request.params);
        return reply.code(204).send(null);
      },
    );
  };
}
