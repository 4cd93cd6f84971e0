import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiKeySchema,
  auditEntrySchema,
  identityPermissions as can,
  createApiKeySchema,
  type IdentityService,
} from '../contract/index.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** API keys, the audit trail and the signing keys. */
export function accessRoutes(service: IdentityService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api-keys',
      {
        config: { permission: can.apiKeys },
        schema: {
          tags: ['api-keys'],
          summary: 'Create an API key for an integration; the key is shown in this response only',
          body: createApiKeySchema,
          response: { 201: apiKeySchema.extend({ key: z.string() }), ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.createApiKey(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/api-keys/${created.id}`).send(created);
      },
    );

    app.get(
      '/api-keys',
      {
        config: { permission: can.apiKeys },
        schema: {
          tags: ['api-keys'],
          summary: 'List API keys',
          response: { 200: pageOf(apiKeySchema), ...errors },
        },
      },
      async (request) => service.listApiKeys(request.ctx),
    );

    app.delete(
      '/api-keys/:id',
      {
        config: { permission: can.apiKeys },
        schema: {
          tags: ['api-keys'],
          summary: 'Revoke an API key',
          params: z.object({ id: z.string().regex(/^[a-z0-9]{12}$/) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.revokeApiKey(request.ctx, request.params);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/audit-log',
      {
        config: { permission: can.auditRead },
        schema: {
          tags: ['audit'],
          summary: 'Security events of your restaurant, newest first',
          querystring: pageQuery.extend({
            action: z.string().max(60).optional(),
            subject_id: z.string().max(60).optional(),
          }),
          response: { 200: pageOf(auditEntrySchema), ...errors },
        },
      },
      async (request) => service.listAudit(request.ctx, request.query),
    );

    app.post(
      '/admin/signing-keys/rotate',
      {
        config: { permission: can.signingKeys },
        schema: {
          tags: ['auth'],
          summary:
            'Start signing access tokens with a new key; tokens signed with the old one stay valid until they expire',
          response: { 200: z.object({ kid: z.string() }), ...errors },
        },
      },
      async (request) => service.rotateSigningKey(request.ctx),
    );
  };
}

/** `/.well-known/jwks.json`: the public keys any service or gateway verifies access tokens with. */
export function jwksRoutes(service: IdentityService): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/.well-known/jwks.json',
      { config: { public: true }, schema: { hide: true } },
      async (_request, reply) =>
        reply.header('Cache-Control', 'public, max-age=60').send(await service.jwks()),
    );
  };
}
