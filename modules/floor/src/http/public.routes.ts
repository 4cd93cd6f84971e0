import { guestRouteConfig, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type FloorService, publicTableSchema } from '../contract/index.js';

/** What a guest's phone asks after scanning a table's code: no sign-in, limited per code and per address. */
export function publicRoutes(service: FloorService, perCodePerMinute: number): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/tables/:token',
      {
        config: guestRouteConfig(perCodePerMinute),
        schema: {
          tags: ['guest'],
          summary: 'The restaurant and table a scanned QR code names (404 once the code is rotated)',
          params: z.object({ token: z.string().max(100) }),
          response: { 200: publicTableSchema, 404: problemSchema, 429: problemSchema },
        },
      },
      async (request, reply) => {
        const { restaurant, table } = await service.resolveTableToken(request.ctx, request.params);
        return reply.header('Cache-Control', 'no-store').send({ restaurant, table });
      },
    );
  };
}
