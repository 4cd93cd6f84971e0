import { guestRouteConfig, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  billRequestSchema,
  guestCheckSchema,
  guestTablePaymentSchema,
  type PaymentsService,
  paymentSchema,
  verifyRazorpaySchema,
} from '../contract/index.js';
import { errors, tags } from './guest.routes.js';

const tableParams = z.object({ token: z.string().min(1).max(100) });

/** Guests at a table, by its QR code: the bill, asking for it, paying it online. */
export function guestTableRoutes(service: PaymentsService, perCodePerMinute: number): FastifyPluginAsyncZod {
  const config = guestRouteConfig(perCodePerMinute);
  return async (app) => {
    app.get(
      '/public/tables/:token/check',
      {
        config,
        schema: {
          tags,
          summary: "The table's bill as its guests see it (opened now if the visit has none)",
          description:
            '409 `table_visit_not_open` when nobody is seated; 422 `nothing_to_pay` before the first order.',
          params: tableParams,
          response: { 200: guestCheckSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .header('Cache-Control', 'no-store')
          .send(await service.getTableCheck(request.ctx, { table_token: request.params.token })),
    );

    app.post(
      '/public/tables/:token/bill-request',
      {
        config,
        schema: {
          tags,
          summary: 'Ask for the bill: cash at the counter, card with staff, or paying online',
          description: 'Asking again updates the request. Staff see it live (payments.bill_requested.v1).',
          params: tableParams,
          body: billRequestSchema,
          response: { 200: guestCheckSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .header('Cache-Control', 'no-store')
          .send(
            await service.requestBill(request.ctx, { table_token: request.params.token, ...request.body }),
          ),
    );

    app.post(
      '/public/tables/:token/payments',
      {
        config,
        schema: {
          tags,
          summary:
            "Pay the table's bill (or a share, or a split part) online: answers with what the browser needs",
          description:
            'idempotency_key is required: the same key answers with the same payment, never a second charge.',
          params: tableParams,
          body: guestTablePaymentSchema,
          response: { 201: paymentSchema, ...errors, 503: problemSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .header('Cache-Control', 'no-store')
          .send(
            await service.payTableAsGuest(request.ctx, {
              table_token: request.params.token,
              ...request.body,
            }),
          ),
    );

    app.post(
      '/public/tables/:token/payments/verify-razorpay',
      {
        config,
        schema: {
          tags,
          summary: "Razorpay Checkout's signed answer for a payment started at the table",
          params: tableParams,
          body: verifyRazorpaySchema,
          response: { 200: paymentSchema, ...errors, 503: problemSchema },
        },
      },
      async (request) =>
        service.verifyRazorpayForTable(request.ctx, { table_token: request.params.token, ...request.body }),
    );
  };
}
