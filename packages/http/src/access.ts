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
  if (authenticators.length === 1) return authenticators[0] as Authenticator;
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
      const config = route.config as
        | { permission?: string | readonly string[]; public?: boolean }
        | undefined;
      const guarded = route.url.startsWith(guardedPrefix) && !route.url.startsWith('/api/docs');
      const declared = config?.permission !== undefined && config.permission.length > 0;
      if (guarded && !declared && !config?.public && route.method !== 'HEAD') {
        throw new Error(
          `Route ${String(route.method)} ${route.url} declares no permission (config.permission or config.public)`,
        );
      }
    });

    // A callback hook: the authenticator's promise is the only one a request costs here.
    app.addHook('onRequest', (request, reply, done) => {
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
      const enforce = (principal: Principal | null) => {
        if (principal) request.ctx = { ...request.ctx, actor: principal.actor, tenantId: principal.tenantId };
        if (config.public || !config.permission) return done();
        if (principal === null) {
          sendProblem(reply, problem(request, 401, 'unauthenticated', 'Sign in to use this endpoint.'));
          return;
        }
        const anyOf = [config.permission].flat();
        if (!anyOf.some((permission) => hasPermission(principal.actor, permission))) {
          sendProblem(
            reply,
            problem(
              request,
              403,
              'forbidden',
              `This needs the ${anyOf.map((permission) => `'${permission}'`).join(' or ')} permission.`,
            ),
          );
          return;
        }
        done();
      };
      // A public route serves anyone: a stale credential (an expired token sent to
      // /auth/refresh-token, say) makes the caller anonymous instead of failing the request.
      const refused = config.public ? () => enforce(null) : done;
      let authenticated: Promise<Principal | null>;
      try {
        authenticated = options.authenticate(request);
      } catch (error) {
        return refused(error as Error);
      }
      authenticated.then(enforce, refused);
    });
  },
  { name: 'brigade-access' },
);
