import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  floorPermissions as can,
  createReservationSchema,
  createWaitlistEntrySchema,
  type FloorService,
  type ReservationAction,
  reservationSchema,
  reservationStatuses,
  seatReservationSchema,
  seatWaitlistEntrySchema,
  updateReservationSchema,
  waitlistEntrySchema,
  waitlistStatuses,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };
const rule = { 422: problemSchema };

/** Reservations and the waitlist. */
export function bookingsRoutes(service: FloorService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['reservations'];

    app.post(
      '/reservations',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Book a table (or take a booking without one)',
          body: createReservationSchema,
          response: { 201: reservationSchema, ...conflict, ...rule, ...errors },
        },
      },
      async (request, reply) => {
        const reservation = await service.createReservation(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/reservations/${reservation.id}`).send(reservation);
      },
    );

    app.get(
      '/reservations',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: "List reservations by start time; `date` is a business day in the restaurant's time zone",
          querystring: pageQuery.extend({
            date: z.iso.date().optional(),
            status: z.enum(reservationStatuses).optional(),
            table_id: z.uuid().optional(),
          }),
          response: { 200: pageOf(reservationSchema), ...errors },
        },
      },
      async (request) => service.listReservations(request.ctx, request.query),
    );

    app.get(
      '/reservations/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Get a reservation',
          params: idParams,
          response: { 200: reservationSchema, ...errors },
        },
      },
      async (request) => service.getReservation(request.ctx, request.params),
    );

    app.patch(
      '/reservations/:id',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Reschedule or amend a pending or confirmed booking (capacity and overlap checked again)',
          params: idParams,
          body: updateReservationSchema,
          response: { 200: reservationSchema, ...conflict, ...rule, ...errors },
        },
      },
      async (request) =>
        service.updateReservation(request.ctx, { id: request.params.id, changes: request.body }),
    );

    const actions: [path: string, action: ReservationAction, summary: string][] = [
      ['confirm', 'confirm', 'Confirm a pending reservation'],
      ['cancel', 'cancel', 'Cancel a reservation (frees its table slot)'],
      ['no-show', 'no_show', 'The party did not come (frees its table slot)'],
    ];
    for (const [path, action, summary] of actions) {
      app.post(
        `/reservations/:id/${path}`,
        {
          config: { permission: can.sessions },
          schema: {
            tags,
            summary,
            params: idParams,
            response: { 200: reservationSchema, ...conflict, ...errors },
          },
        },
        async (request) => service.changeReservation(request.ctx, { id: request.params.id, action }),
      );
    }

    app.post(
      '/reservations/:id/seat',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: "Seat the party: opens a session on the reservation's table (or the one given)",
          params: idParams,
          body: seatReservationSchema.nullish(),
          response: { 200: reservationSchema, ...conflict, ...rule, ...errors },
        },
      },
      async (request) =>
        service.seatReservation(request.ctx, { id: request.params.id, ...(request.body ?? {}) }),
    );

    const waitTags = ['waitlist'];

    app.post(
      '/waitlist',
      {
        config: { permission: can.sessions },
        schema: {
          tags: waitTags,
          summary: 'Add a walk-in party to the waitlist, with a quoted wait',
          body: createWaitlistEntrySchema,
          response: { 201: waitlistEntrySchema, ...rule, ...errors },
        },
      },
      async (request, reply) => {
        const entry = await service.joinWaitlist(request.ctx, request.body);
        return reply.code(201).send(entry);
      },
    );

    app.get(
      '/waitlist',
      {
        config: { permission: can.read },
        schema: {
          tags: waitTags,
          summary: 'The waitlist in arrival order: the parties still waiting unless `status` says otherwise',
          querystring: pageQuery.extend({ status: z.enum(waitlistStatuses).optional() }),
          response: { 200: pageOf(waitlistEntrySchema), ...errors },
        },
      },
      async (request) => service.listWaitlist(request.ctx, request.query),
    );

    app.post(
      '/waitlist/:id/notify',
      {
        config: { permission: can.sessions },
        schema: {
          tags: waitTags,
          summary: 'Tell the party their table is ready (floor.waitlist_ready.v1)',
          params: idParams,
          response: { 200: waitlistEntrySchema, ...conflict, ...errors },
        },
      },
      async (request) => service.notifyWaitlistEntry(request.ctx, request.params),
    );

    app.post(
      '/waitlist/:id/seat',
      {
        config: { permission: can.sessions },
        schema: {
          tags: waitTags,
          summary: 'Seat the waiting party at a table (opens its session)',
          params: idParams,
          body: seatWaitlistEntrySchema,
          response: { 200: waitlistEntrySchema, ...conflict, ...rule, ...errors },
        },
      },
      async (request) => service.seatWaitlistEntry(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/waitlist/:id/cancel',
      {
        config: { permission: can.sessions },
        schema: {
          tags: waitTags,
          summary: 'The party gave up waiting',
          params: idParams,
          response: { 200: waitlistEntrySchema, ...conflict, ...errors },
        },
      },
      async (request) => service.cancelWaitlistEntry(request.ctx, request.params),
    );
  };
}
