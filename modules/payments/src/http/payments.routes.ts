import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  paymentsPermissions as can,
  cashMovementSchema,
  checkSchema,
  closeDrawerSchema,
  createRazorpayOrderSchema,
  drawerSchema,
  methodAvailabilitySchema,
  openCheckSchema,
  openDrawerSchema,
  type PaymentsService,
  paymentMethodSchema,
  paymentSchema,
  paymentStatsSchema,
  processPaymentSchema,
  providerSettingsInputSchema,
  providerSettingsViewSchema,
  receiptSchema,
  refundPaymentSchema,
  refundSchema,
  splitCheckSchema,
  verifyRazorpaySchema,
} from '../contract/index.js';
import { receiptHtml } from './receipt-html.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };
const rule = { 422: problemSchema };
const unavailable = { 503: problemSchema };
const readers = [can.read, can.process];
const listChecksQuery = pageQuery.extend({
  status: z.enum(['open', 'closed']).default('open'),
  /** `true`: the tables whose guests asked for the bill. */
  bill_requested: z.enum(['true', 'false']).optional(),
  table_id: z.uuid().optional(),
});

/** Staff: checks, payments, refunds, receipts, the day's revenue, provider keys and cash drawers. */
export function paymentsRoutes(service: PaymentsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['payments'];

    app.post(
      '/checks',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary: 'Open the check of an order or a table session (the open one is returned if there is one)',
          body: openCheckSchema,
          response: { 201: checkSchema, ...errors, ...conflict, ...rule },
        },
      },
      async (request, reply) => {
        const check = await service.openCheck(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/checks/${check.id}`).send(check);
      },
    );

    app.get(
      '/checks',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary:
            'Checks, open ones by default; `bill_requested=true` for the tables waiting for their bill',
          querystring: listChecksQuery,
          response: { 200: pageOf(checkSchema), ...errors },
        },
      },
      async (request) => {
        const { bill_requested, ...query } = request.query;
        return service.listChecks(request.ctx, {
          ...query,
          ...(bill_requested !== undefined && { bill_requested: bill_requested === 'true' }),
        });
      },
    );

    app.get(
      '/checks/:id',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'A check with its parts, tips offered, paid and due',
          params: idParams,
          response: { 200: checkSchema, ...errors },
        },
      },
      async (request) => service.getCheck(request.ctx, request.params),
    );

    app.post(
      '/checks/:id/split',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary: 'Split a check evenly, by seat, by item (fractions too) or by amounts',
          params: idParams,
          body: splitCheckSchema,
          response: { 200: checkSchema, ...errors, ...conflict, ...rule },
        },
      },
      async (request) => service.splitCheck(request.ctx, { ...request.params, ...request.body }),
    );

    app.post(
      '/payments/process',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary:
            'Take a payment on a check, one of its parts, or an order (cash, terminal, Stripe, Razorpay)',
          description:
            'idempotency_key is required: the same key answers with the same payment and never charges twice. Stripe and Razorpay answer with `checkout` for the browser.',
          body: processPaymentSchema,
          response: { 201: paymentSchema, ...errors, ...conflict, ...rule, ...unavailable },
        },
      },
      async (request, reply) => {
        const payment = await service.processPayment(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/payments/${payment.id}`).send(payment);
      },
    );

    app.post(
      '/payments/create-razorpay-order',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary: 'Create a Razorpay order for Checkout (a Razorpay payment)',
          body: createRazorpayOrderSchema,
          response: { 201: paymentSchema, ...errors, ...conflict, ...rule, ...unavailable },
        },
      },
      async (request, reply) => {
        const payment = await service.processPayment(request.ctx, { ...request.body, method: 'razorpay' });
        return reply.code(201).header('Location', `/api/v1/payments/${payment.id}`).send(payment);
      },
    );

    app.post(
      '/payments/verify-razorpay',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary:
            "Razorpay Checkout's answer: the signature over order_id|payment_id is verified, the payment credited once",
          body: verifyRazorpaySchema,
          response: { 200: paymentSchema, ...errors, ...rule, ...unavailable },
        },
      },
      async (request) => service.verifyRazorpay(request.ctx, request.body),
    );

    app.get(
      '/payments/methods',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'The payment methods this restaurant can take (a provider without keys is unavailable)',
          response: { 200: z.object({ data: z.array(methodAvailabilitySchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.listMethods(request.ctx) }),
    );

    app.get(
      '/payments/stats',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: "Revenue by method for one business day in the restaurant's time zone (today by default)",
          querystring: z.object({ date: z.iso.date().optional() }),
          response: { 200: paymentStatsSchema, ...errors },
        },
      },
      async (request) => service.getStats(request.ctx, request.query),
    );

    app.put(
      '/payments/providers/:provider',
      {
        config: { permission: can.configure },
        schema: {
          tags,
          summary: "Set a payment method's keys and switches (secrets are stored encrypted, never shown)",
          params: z.object({ provider: paymentMethodSchema }),
          body: providerSettingsInputSchema,
          response: { 200: providerSettingsViewSchema, ...errors },
        },
      },
      async (request) =>
        service.setProvider(request.ctx, { ...request.body, provider: request.params.provider }),
    );

    app.get(
      '/payments/:id',
      {
        config: { permission: readers },
        schema: { tags, summary: 'A payment', params: idParams, response: { 200: paymentSchema, ...errors } },
      },
      async (request) => service.getPayment(request.ctx, request.params),
    );

    app.post(
      '/payments/:id/reconcile',
      {
        config: { permission: can.process },
        schema: {
          tags,
          summary:
            'Ask the provider where the payment stands and record it (after a crash or a lost webhook)',
          params: idParams,
          response: { 200: paymentSchema, ...errors, ...unavailable },
        },
      },
      async (request) => service.reconcilePayment(request.ctx, request.params),
    );

    app.post(
      '/payments/:id/refund',
      {
        config: { permission: can.refund },
        schema: {
          tags,
          summary: 'Refund a payment, fully or partly, with a reason, through its provider',
          params: idParams,
          body: refundPaymentSchema,
          response: { 201: refundSchema, ...errors, ...conflict, ...rule, ...unavailable },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.refundPayment(request.ctx, { ...request.params, ...request.body })),
    );

    app.get(
      '/payments/:id/receipt',
      {
        config: { permission: readers },
        schema: {
          tags,
          summary: 'The receipt as JSON, or a printable HTML page with ?format=html',
          params: idParams,
          querystring: z.object({ format: z.enum(['json', 'html']).default('json') }),
          response: { 200: receiptSchema.or(z.string()), ...errors },
        },
      },
      async (request, reply) => {
        const receipt = await service.getReceipt(request.ctx, request.params);
        if (request.query.format !== 'html') return receipt;
        return reply.type('text/html; charset=utf-8').send(receiptHtml(receipt));
      },
    );

    const drawerTags = ['cash drawers'];
    app.post(
      '/drawers',
      {
        config: { permission: can.process },
        schema: {
          tags: drawerTags,
          summary: 'Open a cash drawer (a shift) with its float',
          body: openDrawerSchema,
          response: { 201: drawerSchema, ...errors, ...conflict },
        },
      },
      async (request, reply) => {
        const drawer = await service.openDrawer(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/drawers/${drawer.id}`).send(drawer);
      },
    );
    app.get(
      '/drawers/:id',
      {
        config: { permission: readers },
        schema: {
          tags: drawerTags,
          summary: 'A drawer with its movements and expected cash',
          params: idParams,
          response: { 200: drawerSchema, ...errors },
        },
      },
      async (request) => service.getDrawer(request.ctx, request.params),
    );
    app.post(
      '/drawers/:id/movements',
      {
        config: { permission: can.process },
        schema: {
          tags: drawerTags,
          summary: 'Cash put in or taken out, with a reason',
          params: idParams,
          body: cashMovementSchema,
          response: { 201: drawerSchema, ...errors, ...conflict },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.recordCashMovement(request.ctx, { ...request.params, ...request.body })),
    );
    app.post(
      '/drawers/:id/close',
      {
        config: { permission: can.process },
        schema: {
          tags: drawerTags,
          summary: 'Close the drawer with the counted cash (Z report: expected, counted, difference)',
          params: idParams,
          body: closeDrawerSchema,
          response: { 200: drawerSchema, ...errors, ...conflict },
        },
      },
      async (request) => service.closeDrawer(request.ctx, { ...request.params, ...request.body }),
    );
  };
}

/**
 * Provider webhooks, one address per restaurant and provider. Public (the provider signs, we
 * verify over the raw bytes: this plugin keeps bodies as Buffers), answered 200 as soon as the
 * event is recorded; a bad signature or a stale timestamp is 400 and changes nothing.
 */
export function webhookRoutes(service: PaymentsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.post(
      '/payments/webhooks/:tenant_id/:provider',
      {
        config: { public: true },
        schema: {
          tags: ['payments'],
          summary: 'Stripe or Razorpay webhook for one restaurant (signature verified on the raw body)',
          params: z.object({ tenant_id: z.uuid(), provider: z.enum(['stripe', 'razorpay']) }),
          response: {
            200: z.object({ received: z.boolean(), duplicate: z.boolean() }),
            400: problemSchema,
            404: problemSchema,
          },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await service.receiveWebhook(request.ctx, {
          tenant_id: request.params.tenant_id,
          provider: request.params.provider,
          raw_body: body,
          headers: request.headers,
        });
        return { received: true, duplicate: result.duplicate };
      },
    );
  };
}
