import { guestRouteConfig, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  guestOrderSchema,
  type OrdersService,
  orderTrackingSchema,
  placedOrderSchema,
} from '../contract/index.js';

const tags = ['guest'];
const tableParams = z.object({ token: z.string().max(100) });

/** Guests, no sign-in: order from the table's QR code, see the table's orders, track one. Limited per IP. */
export function publicRoutes(service: OrdersService, perCodePerMinute: number): FastifyPluginAsyncZod {
  const config = guestRouteConfig(perCodePerMinute);
  return async (app) => {
    app.post(
      '/public/tables/:token/orders',
      {
        config,
        schema: {
          tags,
          summary: "Order at the table from its QR code (dine-in; opens the table's session if needed)",
          description: 'Send an Idempotency-Key to retry safely. The answer carries the tracking token.',
          params: tableParams,
          body: guestOrderSchema,
          response: {
            201: placedOrderSchema,
            400: problemSchema,
            404: problemSchema,
            422: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const { tenant_id: _tenant, ...order } = await service.placeGuestOrder(request.ctx, {
          table_token: request.params.token,
          ...request.body,
        });
        return reply
          .code(201)
          .header('Location', `/api/v1/public/orders/${order.tracking_token}`)
          .header('Cache-Control', 'no-store')
          .send(order);
      },
    );

    app.get(
      '/public/tables/:token/orders',
      {
        config,
        schema: {
          tags,
          summary: "Every order of the table's current visit (what each phone at the table sees)",
          params: tableParams,
          response: {
            200: z.object({ session_id: z.uuid().nullable(), data: z.array(orderTrackingSchema) }),
            404: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const { session_id, orders } = await service.listTableOrders(request.ctx, {
          table_token: request.params.token,
        });
        return reply.header('Cache-Control', 'no-store').send({ session_id, data: orders });
      },
    );

    app.get(
      '/public/orders/:token',
      {
        config,
        schema: {
          tags,
          summary: "A guest's tracking page: status, lines, history; follow channel_name live with the token",
          params: z.object({ token: z.string().max(200) }),
          response: { 200: orderTrackingSchema, 404: problemSchema, 429: problemSchema },
        },
      },
      async (request, reply) => {
        const { tenant_id: _tenant, ...tracking } = await service.trackOrder(request.ctx, request.params);
        return reply.header('Cache-Control', 'no-store').send(tracking);
      },
    );
  };
}
