import { defineEvent, type EventEnvelope } from '@brigade/kernel';
import { orderChannelSchema } from '@brigade/orders';
import { z } from 'zod';
import { ticketItemSchema, ticketStatusSchema, ticketTypes } from './schemas.js';

type TicketRef = { order_id: string; station: string };

/** The staff feed and the station's own screen. */
const stationChannels = (event: EventEnvelope<TicketRef>) => ['staff', `kitchen:${event.payload.station}`];

/** …and the order's channel: what a guest's tracking page shows (cooking, done). */
const stationAndOrderChannels = (event: EventEnvelope<TicketRef>) => [
  ...stationChannels(event),
  `order:${event.payload.order_id}`,
];

/** A ticket as events carry it: which order, where, what. */
const ticketPayload = z.object({
  ticket_id: z.uuid(),
  order_id: z.uuid(),
  order_number: z.string(),
  channel: orderChannelSchema,
  table_id: z.uuid().nullable(),
  table_number: z.string().nullable(),
  station: z.string(),
  course: z.number().int(),
  type: z.enum(ticketTypes),
  status: ticketStatusSchema,
  rush: z.boolean(),
  target_seconds: z.number().int(),
  items: z.array(ticketItemSchema),
});
export type TicketEventPayload = z.infer<typeof ticketPayload>;

const ticketEvent = (type: string, description: string, channels = stationChannels) =>
  defineEvent(type, ticketPayload, description, { channels });

export const kitchenEvents = {
  ticketCreated: ticketEvent(
    'kitchen.ticket_created.v1',
    'A ticket reached a station: food (held or fired) from a new order or added lines, or a void ticket (type void) for something voided after the station started it.',
  ),
  ticketUpdated: defineEvent(
    'kitchen.ticket_updated.v1',
    ticketPayload.extend({ change: z.enum(['items_added', 'items_voided']) }),
    'Items joined a ticket nobody started yet, or were struck from it (voided before they were started).',
    { channels: stationChannels },
  ),
  ticketFired: ticketEvent(
    'kitchen.ticket_fired.v1',
    'A held ticket is on the board: its order was confirmed or its course was fired.',
  ),
  ticketStarted: ticketEvent(
    'kitchen.ticket_started.v1',
    'A station started a ticket (or a recall put it back).',
    stationAndOrderChannels,
  ),
  ticketBumped: defineEvent(
    'kitchen.ticket_bumped.v1',
    ticketPayload.extend({
      /** Every food ticket of the order is bumped now: the order is ready. */
      order_done: z.boolean(),
      /** The worker that held it, if any. */
      worker_id: z.uuid().nullable(),
    }),
    'A ticket is done (bumped off the board); a void ticket was acknowledged.',
    { channels: stationAndOrderChannels },
  ),
  ticketRecalled: ticketEvent(
    'kitchen.ticket_recalled.v1',
    'A bumped ticket came back to the board (started again).',
    stationAndOrderChannels,
  ),
  ticketRushed: ticketEvent(
    'kitchen.ticket_rushed.v1',
    'A ticket was marked rush (sorted first) or unmarked.',
  ),
  ticketCancelled: defineEvent(
    'kitchen.ticket_cancelled.v1',
    ticketPayload.extend({ reason: z.enum(['order_cancelled', 'items_voided']) }),
    'A ticket left the board unmade: its order was cancelled or every item on it was voided.',
    { channels: stationChannels },
  ),
  preparationTimeExceeded: defineEvent(
    'kitchen.preparation_time_exceeded.v1',
    z.object({
      ticket_id: z.uuid(),
      order_id: z.uuid(),
      order_number: z.string(),
      station: z.string(),
      target_seconds: z.number().int(),
      elapsed_seconds: z.number().int(),
    }),
    'A ticket is still open past its target prep time (published once per ticket).',
    { channels: stationChannels },
  ),
  workerRegistered: defineEvent(
    'kitchen.worker_registered.v1',
    z.object({
      worker_id: z.uuid(),
      name: z.string(),
      stations: z.array(z.string()),
      order_types: z.array(orderChannelSchema),
      prefetch: z.number().int(),
    }),
    'A kitchen worker registered (or re-registered with new settings).',
  ),
  workerWentOffline: defineEvent(
    'kitchen.worker_went_offline.v1',
    z.object({ worker_id: z.uuid(), name: z.string(), last_seen: z.iso.datetime() }),
    'A kitchen worker sent no heartbeat within the timeout.',
  ),
  ticketsReleased: defineEvent(
    'kitchen.tickets_released.v1',
    z.object({
      worker_id: z.uuid(),
      name: z.string(),
      ticket_ids: z.array(z.uuid()),
      reason: z.enum(['worker_offline', 'worker_removed']),
    }),
    "A vanished or removed worker's claimed tickets are free for others to claim.",
  ),
};
