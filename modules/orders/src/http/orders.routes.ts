import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addLinesSchema,
  ordersPermissions as can,
  cancelOrderSchema,
  changeStatusSchema,
  createOrderSchema,
  historyEntrySchema,
  listOrdersSchema,
  type OrdersService,
  orderChannelSchema,
  orderSchema,
  orderStatusSchema,
  orderStatusViewSchema,
  placedOrderSchema,
  updateOrderSchema,
  voidLineSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
/** An order id or its ORD_… number. */
const refParams = z.object({ id: z.string().min(1).max(60) });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };
const rule = { 422: problemSchema };
const tags = ['orders'];

/** `?status=a&status=b` or `?status=a,b`. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      value === undefined
        ? undefined
        : [value]
            .flat()
            .flatMap((entry) => String(entry).split(','))
            .map((entry) => entry.trim())
            .filter(Boolean),
    z.array(item).optional(),
  );

const listQuery = pageQuery.extend({
  ...listOrdersSchema.omit({ limit: true, cursor: true, status: true, channel: true }).shape,
  status: listOf(orderStatusSchema),
  channel: listOf(orderChannelSchema),
});

const readers = [can.read, can.readOwn];

/** Staff and signed-in customers: place, change, move and read orders. */
export function ordersRoutes(service: OrdersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/orders',
      {
        config: { permission: [can.write, can.createOwn] },
        schema: {
          tags,
          summary:
            'Place an order (any channel): priced on the server from the live menu, numbered for the business day',
          description:
            'Staff (orders:write) take every channel; a signed-in customer (orders:create_own) orders online, takeout or delivery for themselves. Send an Idempotency-Key to retry safely.',
          body: createOrderSchema,
          response: { 201: placedOrderSchema, ...errors, ...conflict, ...rule },
        },
      },
      async (request, reply) => {
        const order = await service.placeOrder(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/orders/${order.id}`).send(order);
      },
    );

    app.get(
      '/orders',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'Orders, newest first (a customer sees only their own)',
          querystring: listQuery,
          response: { 200: pageOf(orderSchema), ...errors },
        },
      },
      async (request) => service.listOrders(request.ctx, request.query),
    );

    app.get(
      '/orders/:id',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'Get an order with its lines',
          params: idParams,
          response: { 200: orderSchema, ...errors },
        },
      },
      async (request) => service.getOrder(request.ctx, request.params),
    );

    app.get(
      '/orders/:id/status',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'Where an order is (by id or ORD_… number)',
          params: refParams,
          response: { 200: orderStatusViewSchema, ...errors },
        },
      },
      async (request) => service.getOrderStatus(request.ctx, { ref: request.params.id }),
    );

    app.get(
      '/orders/:id/history',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'Every status an order went through, oldest first (by id or ORD_… number)',
          params: refParams,
          response: { 200: z.object({ data: z.array(historyEntrySchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.getOrderHistory(request.ctx, { ref: request.params.id }) }),
    );

    app.patch(
      '/orders/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: "Change an open order's notes or customer details",
          params: idParams,
          body: updateOrderSchema,
          response: { 200: orderSchema, ...errors, ...conflict },
        },
      },
      async (request) => service.updateOrder(request.ctx, { id: request.params.id, changes: request.body }),
    );

    app.post(
      '/orders/:id/status',
      {
        config: { permission: can.status },
        schema: {
          tags,
          summary: 'Move an order one step along its status machine (the current status again is a no-op)',
          params: idParams,
          body: changeStatusSchema,
          response: { 200: orderSchema, ...errors, ...conflict },
        },
      },
      async (request) => service.changeStatus(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/orders/:id/cancel',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Cancel an order, with a reason',
          params: idParams,
          body: cancelOrderSchema,
          response: { 200: orderSchema, ...errors, ...conflict },
        },
      },
      async (request) => service.cancelOrder(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/orders/:id/lines',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Add lines to an open order (priced like a new order; totals recomputed)',
          params: idParams,
          body: addLinesSchema,
          response: { 200: orderSchema, ...errors, ...conflict, ...rule },
        },
      },
      async (request) => service.addLines(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.post(
      '/orders/:id/lines/:line_id/void',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary:
            'Void a line or part of its quantity (once the kitchen started it: orders:void and a reason)',
          params: z.object({ id: z.uuid(), line_id: z.uuid() }),
          body: voidLineSchema,
          response: { 200: orderSchema, ...errors, ...conflict },
        },
      },
      async (request) =>
        service.voidLine(request.ctx, {
          id: request.params.id,
          line_id: request.params.line_id,
          ...request.body,
        }),
    );
  };
}
