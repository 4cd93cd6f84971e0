import { guestRouteConfig, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  guestPaymentSchema,
  type PaymentsService,
  paymentSchema,
  verifyRazorpaySchema,
} from '../contract/index.js';

export const tags = ['guest'];
const tokenParams = z.object({ token: z.string().min(1).max(300) });
export const errors = {
  400: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  429: problemSchema,
};

/** Guests pay their own order online by its tracking link (no sign-in); limited per code and per address. */
export function guestRoutes(service: PaymentsService, perCodePerMinute: number): FastifyPluginAsyncZod {
  const config = guestRouteConfig(perCodePerMinute);
  return async (app) => {
    app.post(
      '/public/orders/:token/payments',
      {
        config,
        schema: {
          tags,
          summary: 'Pay my order online (Stripe or Razorpay): answers with what the browser needs to finish',
          params: tokenParams,
          body: guestPaymentSchema,
          response: { 201: paymentSchema, ...errors, 503: problemSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .header('Cache-Control', 'no-store')
          .send(
            await service.payOrderAsGuest(request.ctx, {
              tracking_token: request.params.token,
              ...request.body,
            }),
          ),
    );
    app.post(
      '/public/orders/:token/payments/verify-razorpay',
      {
        config,
        schema: {
          tags,
          summary: "Razorpay Checkout's signed answer for my order's payment",
          params: tokenParams,
          body: verifyRazorpaySchema,
          response: { 200: paymentSchema, ...errors, 503: problemSchema },
        },
      },
      async (request) =>
        service.verifyRazorpayAsGuest(request.ctx, { tracking_token: request.params.token, ...request.body }),
    );
    app.get(
      '/public/orders/:token/payments',
      {
        config,
        schema: {
          tags,
          summary: 'The payments of my order',
          params: tokenParams,
          response: { 200: z.object({ data: z.array(paymentSchema) }), ...errors },
        },
      },
      async (request, reply) => {
        const data = await service.listGuestPayments(request.ctx, { tracking_token: request.params.token });
        return reply.header('Cache-Control', 'no-store').send({ data });
      },
    );
  };
}
