import { type Actor, anonymousActor, hasPermission } from '@brigade/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { problem, sendProblem } from './problem.js';

/** Who is calling: resolved from the request by an Authenticator, once per request. */
export interface Principal {
  actor: Actor;
  tenantId: string | null;
}

/** Returns the caller, or null for an anonymous request. Throws a DomainError for a bad credential. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

export const anonymousOnly: Authenticator = async () => null;

/** Tries each authenticator in turn; the first that recognises the request decides. */
export function firstOf(...authenticators: Authenticator[]): Authenticator {
  return async (request) => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(request);
      if (principal) return principal;
    }
    return null;
  };
}

const guardedPrefix = '/api/';

/**
 * Builds `request.ctx` and enforces each route's declared access. Deny by default: a route
 * under /api/ that declares neither `permission` nor `public` is refused at registration.
 */
export const accessPlugin = fp(
  async (app: FastifyInstance, options: { authenticate: Authenticator }) => {
    app.decorateRequest('ctx', null as never);

    app.addHook('onRoute', (route) => {
      const config = route.config as { permission?: string; public?: boolean } | undefined;
      const guarded = route.url.startsWith(guardedPrefix) && !route.url.startsWith('/api/docs');
      if (guarded && !config?.permission && !config?.public && route.method !== 'HEAD') {
        throw new Error(
          `Route ${String(route.method)} ${route.url} declares no permission (config.permission or config.public)`,
        );
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      const correlation = request.headers['x-correlation-id'];
      const correlationId =
        typeof correlation === 'string' && correlation.length <= 128 ? correlation : request.id;
      request.ctx = {
        tenantId: null,
        actor: anonymousActor,
        requestId: request.id,
        correlationId,
        idempotencyKey: null,
        client: { ip: request.ip ?? null, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null },
      };
      const config = request.routeOptions.config;
      // A public route serves anyone: a stale credential (an expired token sent to
      // /auth/refresh-token, say) makes the caller anonymous instead of failing the request.
      const principal = config.public
        ? await options.authenticate(request).catch(() => null)
        : await options.authenticate(request);
      if (principal) request.ctx = { ...request.ctx, actor: principal.actor, tenantId: principal.tenantId };

      if (config.public || !config.permission) return;
      if (principal === null) {
        return sendProblem(reply, problem(request, 401, 'unauthenticated', 'Sign in to use this endpoint.'));
      }
      if (!hasPermission(principal.actor, config.permission)) {
        return sendProblem(
          reply,
          problem(request, 403, 'forbidden', `This needs the '${config.permission}' permission.`),
        );
      }
    });
  },
  { name: 'brigade-access' },
);
