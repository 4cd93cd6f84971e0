import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  tenantsPermissions as can,
  createRestaurantSchema,
  restaurantSchema,
  type TenantsService,
  updateRestaurantSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['restaurants'];

/** Seed 000 §5.3: restaurant CRUD. Thin: validate, call the service, shape the reply. */
export function restaurantsRoutes(service: TenantsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/restaurants',
      {
        config: { permission: can.create },
        schema: {
          tags,
          summary: 'Create a restaurant (a new tenant)',
          body: createRestaurantSchema,
          response: { 201: restaurantSchema, 409: problemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const restaurant = await service.createRestaurant(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/restaurants/${restaurant.id}`).send(restaurant);
      },
    );

    app.get(
      '/restaurants',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: "List restaurants: every one for the platform admin, one's own otherwise",
          querystring: pageQuery.extend({
            is_active: z
              .enum(['true', 'false'])
              .transform((value) => value === 'true')
              .optional(),
            q: z.string().max(100).optional(),
            slug: z.string().max(64).optional(),
          }),
          response: { 200: pageOf(restaurantSchema), ...errors },
        },
      },
      async (request) => service.listRestaurants(request.ctx, request.query),
    );

    app.get(
      '/restaurants/:id',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Get a restaurant',
          params: idParams,
          response: { 200: restaurantSchema, ...errors },
        },
      },
      async (request) => service.getRestaurant(request.ctx, request.params),
    );

    app.patch(
      '/restaurants/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: "Change a restaurant's settings (If-Match: its version, optional)",
          params: idParams,
          headers: z.object({
            'if-match': z
              .string()
              .regex(/^"?\d+"?$/)
              .optional(),
          }),
          body: updateRestaurantSchema,
          response: { 200: restaurantSchema, 409: problemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const restaurant = await service.updateRestaurant(request.ctx, {
          id: request.params.id,
          changes: request.body,
          ...(ifMatch !== undefined && { expected_version: Number(ifMatch.replaceAll('"', '')) }),
        });
        return reply.header('ETag', `"${restaurant.version}"`).send(restaurant);
      },
    );

    for (const [action, active] of [
      ['activate', true],
      ['deactivate', false],
    ] as const) {
      app.post(
        `/restaurants/:id/${action}`,
        {
          config: { permission: can.activate },
          schema: {
            tags,
            summary: active
              ? 'Reactivate a restaurant'
              : 'Deactivate a restaurant (its users are locked out)',
            params: idParams,
            response: { 200: restaurantSchema, ...errors },
          },
        },
        async (request) => service.setRestaurantActive(request.ctx, { id: request.params.id, active }),
      );
    }
  };
}
