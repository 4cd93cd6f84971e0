import { defineEvent, type EventEnvelope } from '@brigade/kernel';
import { z } from 'zod';
import { billRequestMethodSchema, paymentMethodSchema } from './schemas.js';

/** The staff feed and the check's table. */
function checkChannels(event: EventEnvelope<{ table_id: string | null }>) {
  const { table_id } = event.payload;
  return ['staff', ...(table_id ? [`table:${table_id}`] : [])];
}

/** Which check, for which orders and table: what the orders and floor modules react to. */
const checkRef = {
  check_id: z.uuid(),
  order_ids: z.array(z.uuid()),
  session_id: z.uuid().nullable(),
  table_id: z.uuid().nullable(),
};

const paymentFacts = {
  ...checkRef,
  payment_id: z.uuid(),
  part_id: z.uuid().nullable(),
  method: paymentMethodSchema,
  amount: z.number().int(),
  tip: z.number().int(),
  currency: z.string(),
};

export const paymentsEvents = {
  checkOpened: defineEvent(
    'payments.check_opened.v1',
    z.object({ ...checkRef, currency: z.string(), total: z.number().int() }),
    'A check was opened for an order or a table session (its lines copied from the orders).',
    { channels: checkChannels },
  ),
  checkClosed: defineEvent(
    'payments.check_closed.v1',
    z.object({
      ...checkRef,
      currency: z.string(),
      total: z.number().int(),
      paid: z.number().int(),
      tip_total: z.number().int(),
      /** The check was the whole table session's (not one order's): the session can end. */
      settles_session: z.boolean(),
    }),
    'A check is fully paid: its orders are settled and its table session can end.',
    { channels: checkChannels },
  ),
  billRequested: defineEvent(
    'payments.bill_requested.v1',
    z.object({
      check_id: z.uuid(),
      session_id: z.uuid().nullable(),
      table_id: z.uuid(),
      table_number: z.string(),
      method: billRequestMethodSchema,
      /** What the check owes now, and the tip the guest means to add on top. */
      due: z.number().int(),
      tip: z.number().int(),
      currency: z.string(),
    }),
    'A guest at a table asked for the bill from their phone (again: the request was updated).',
    { channels: checkChannels },
  ),
  paymentCompleted: defineEvent(
    'payments.payment_completed.v1',
    z.object({
      ...paymentFacts,
      /** What the check still owes after this payment (0: settled). */
      check_due: z.number().int(),
      check_status: z.enum(['open', 'closed']),
    }),
    'A payment succeeded (cash, terminal, or confirmed by the provider), exactly once per payment.',
    { channels: checkChannels },
  ),
  paymentFailed: defineEvent(
    'payments.payment_failed.v1',
    z.object({ ...paymentFacts, reason: z.string() }),
    'A payment attempt failed (declined, cancelled); the guest may try again.',
    { channels: checkChannels },
  ),
  refundProcessed: defineEvent(
    'payments.refund_processed.v1',
    z.object({
      ...paymentFacts,
      refund_id: z.uuid(),
      refund_amount: z.number().int(),
      reason: z.string(),
      /** Everything refunded on the payment so far. */
      refunded_total: z.number().int(),
    }),
    'Money went back to the guest through the payment’s provider.',
    { channels: checkChannels },
  ),
};
