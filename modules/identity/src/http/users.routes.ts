import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  identityPermissions as can,
  createUserSchema,
  type IdentityService,
  resetPasswordSchema,
  roleSchema,
  updateUserSchema,
  userSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['users'];
const booleanQuery = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

/** Users CRUD: staff of the caller's restaurant (every user for the platform admin). */
export function usersRoutes(service: IdentityService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/users',
      {
        config: { permission: can.usersWrite },
        schema: {
          tags,
          summary:
            'Create a user (a manager creates cashiers, waiters and kitchen staff; an owner also managers)',
          body: createUserSchema,
          response: { 201: userSchema, 409: problemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await service.createUser(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/users/${user.id}`).send(user);
      },
    );

    app.get(
      '/users',
      {
        config: { permission: can.usersRead },
        schema: {
          tags,
          summary: 'List users',
          querystring: pageQuery.extend({
            role: roleSchema.optional(),
            is_active: booleanQuery,
            q: z.string().max(100).optional(),
          }),
          response: { 200: pageOf(userSchema), ...errors },
        },
      },
      async (request) => service.listUsers(request.ctx, request.query),
    );

    app.get(
      '/users/:id',
      {
        config: { permission: can.usersRead },
        schema: { tags, summary: 'Get a user', params: idParams, response: { 200: userSchema, ...errors } },
      },
      async (request) => service.getUser(request.ctx, request.params),
    );

    app.patch(
      '/users/:id',
      {
        config: { permission: can.usersWrite },
        schema: {
          tags,
          summary: "Change a user's profile, role or status (If-Match: its version, optional)",
          params: idParams,
          headers: z.object({
            'if-match': z
              .string()
              .regex(/^"?\d+"?$/)
              .optional(),
          }),
          body: updateUserSchema,
          response: { 200: userSchema, 409: problemSchema, 422: problemSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const user = await service.updateUser(request.ctx, {
          id: request.params.id,
          changes: request.body,
          ...(ifMatch !== undefined && { expected_version: Number(ifMatch.replaceAll('"', '')) }),
        });
        return reply.header('ETag', `"${user.version}"`).send(user);
      },
    );

    app.delete(
      '/users/:id',
      {
        config: { permission: can.usersWrite },
        schema: {
          tags,
          summary: 'Deactivate a user (kept for the record; every session ends)',
          params: idParams,
          response: { 204: z.null(), 422: problemSchema, ...errors },
        },
      },
      async (request, reply) => {
        await service.updateUser(request.ctx, { id: request.params.id, changes: { is_active: false } });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/users/:id/reset-password',
      {
        config: { permission: can.usersWrite },
        schema: {
          tags,
          summary: "Reset a user's password (a generated one is returned once); they must change it",
          params: idParams,
          body: resetPasswordSchema,
          response: {
            200: z.object({ temporary_password: z.string().nullable() }),
            422: problemSchema,
            ...errors,
          },
        },
      },
      async (request) => service.resetPassword(request.ctx, { id: request.params.id, ...request.body }),
    );
  };
}
