import { problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type AnalyticsService,
  analyticsPermissions as can,
  dashboardQuerySchema,
  dashboardSchema,
  salesQuerySchema,
  salesSeriesSchema,
} from '../contract/index.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['analytics'];
const read = { permission: can.read };

/** Analytics (issue 8 point 4): thin handlers over the analytics service, under /api/v1/analytics. */
export function analyticsRoutes(service: AnalyticsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/analytics/dashboard',
      {
        config: read,
        schema: {
          tags,
          summary:
            "A business day's sales, orders, tips and refunds, by channel, hour and item, against a week before",
          querystring: dashboardQuerySchema,
          response: { 200: dashboardSchema, ...errors },
        },
      },
      async (request) => service.dashboard(request.ctx, request.query),
    );
    app.get(
      '/analytics/sales',
      {
        config: read,
        schema: {
          tags,
          summary: 'Orders, sales and average ticket per business day (at most 92 days)',
          querystring: salesQuerySchema,
          response: { 200: salesSeriesSchema, ...errors },
        },
      },
      async (request) => service.sales(request.ctx, request.query),
    );
  };
}
