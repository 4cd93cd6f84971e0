import { pageOf, problemSchema } from '@brigade/http';
import type { RequestContext } from '@brigade/kernel';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  allDayEntrySchema,
  allDaySchema,
  kitchenPermissions as can,
  expoOrderSchema,
  fireCourseSchema,
  type KitchenService,
  kdsOrderStatusSchema,
  kitchenMetricsSchema,
  listExpoSchema,
  listTicketsSchema,
  metricsQuerySchema,
  rushTicketSchema,
  stationSummarySchema,
  type Ticket,
  ticketSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };
const tags = ['kitchen display'];

/** The kitchen display (issue 6 point 6): thin handlers over the kitchen service. */
export function kdsRoutes(service: KitchenService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/kds/tickets',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary:
            'The board: tickets by station, status (comma-separated; fired,started by default) and course, rush first then oldest',
          querystring: listTicketsSchema,
          response: { 200: pageOf(ticketSchema), ...errors },
        },
      },
      async (request) => service.listTickets(request.ctx, request.query),
    );

    app.get(
      '/kds/tickets/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Get a ticket',
          params: idParams,
          response: { 200: ticketSchema, ...errors },
        },
      },
      async (request) => service.getTicket(request.ctx, request.params),
    );

    const move = (
      action: 'start' | 'bump' | 'recall',
      summary: string,
      run: (ctx: RequestContext, id: string) => Promise<Ticket>,
    ) =>
      app.post(
        `/kds/tickets/:id/${action}`,
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary,
            params: idParams,
            response: { 200: ticketSchema, ...conflict, ...errors },
          },
        },
        async (request) => run(request.ctx, request.params.id),
      );
    move('start', 'Start a fired ticket (its order moves to preparing)', (ctx, id) =>
      service.startTicket(ctx, { id }),
    );
    move(
      'bump',
      'Bump a ticket off the board: done (when every food ticket of the order is, the order is ready); a void ticket acknowledged',
      (ctx, id) => service.bumpTicket(ctx, { id }),
    );
    move('recall', 'Bring a bumped ticket back to the board (within the recall window)', (ctx, id) =>
      service.recallTicket(ctx, { id }),
    );

    app.post(
      '/kds/tickets/:id/rush',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Mark a ticket rush (sorted first), or unmark it; toggles without a body',
          params: idParams,
          body: rushTicketSchema.optional(),
          response: { 200: ticketSchema, ...errors },
        },
      },
      async (request) => service.rushTicket(request.ctx, { id: request.params.id, rush: request.body?.rush }),
    );

    app.post(
      '/kds/orders/:id/fire',
      {
        config: { permission: [can.write, can.fire] },
        schema: {
          tags,
          summary: 'Fire a held course of an order (and any course before it)',
          params: idParams,
          body: fireCourseSchema,
          response: { 200: expoOrderSchema, 422: problemSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.fireCourse(request.ctx, { order_id: request.params.id, ...request.body }),
    );

    app.post(
      '/kds/orders/:id/status',
      {
        config: { permission: can.orderStatus },
        schema: {
          tags,
          summary:
            'Move a whole order: preparing starts every fired ticket, ready bumps every open one (the same effects as ticket by ticket)',
          params: idParams,
          body: kdsOrderStatusSchema,
          response: { 200: expoOrderSchema, ...conflict, ...errors },
        },
      },
      async (request) =>
        service.setOrderStatus(request.ctx, { order_id: request.params.id, status: request.body.status }),
    );

    app.get(
      '/kds/orders/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: "An order's tickets and where each is (the expo view of one order)",
          params: idParams,
          response: { 200: expoOrderSchema, ...errors },
        },
      },
      async (request) => service.getExpoOrder(request.ctx, { order_id: request.params.id }),
    );

    app.get(
      '/kds/expo',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'The expo: orders on their way through the kitchen with all their tickets, oldest first',
          querystring: listExpoSchema,
          response: { 200: pageOf(expoOrderSchema), ...errors },
        },
      },
      async (request) => service.listExpo(request.ctx, request.query),
    );

    app.get(
      '/kds/all-day',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'All-day counts: how many of each item are on the line (fired and started tickets)',
          querystring: allDaySchema,
          response: { 200: z.object({ data: z.array(allDayEntrySchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.allDay(request.ctx, request.query) }),
    );

    app.get(
      '/kds/metrics',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Prep times (fired → bumped): average and p90 per station and per item, late tickets',
          querystring: metricsQuerySchema,
          response: { 200: kitchenMetricsSchema, ...errors },
        },
      },
      async (request) => service.metrics(request.ctx, request.query),
    );

    app.get(
      '/kds/stations',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Stations with their open tickets (held, fired, started, late)',
          response: { 200: z.object({ data: z.array(stationSummarySchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.listStations(request.ctx) }),
    );
  };
}
