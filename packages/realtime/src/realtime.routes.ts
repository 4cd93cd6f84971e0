import { DomainError } from '@brigade/kernel';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { Caller } from './channels.js';
import type { Hub } from './hub.js';

/** The platform's authenticator (@brigade/http's Authenticator): the caller, or null when anonymous. */
export type Authenticate = (request: FastifyRequest) => Promise<Caller | null>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by @brigade/http, which composes this package: open to anyone, signed in or not. */
    public?: boolean;
  }
}

export interface RealtimeRoutesOptions {
  hub: Hub;
  authenticate: Authenticate;
  maxMessageBytes: number;
}

const accessQuery = z.object({ access_token: z.string().min(1).max(8192).optional() });

/**
 * Browsers cannot set headers on a WebSocket, so a token may come as `?access_token=`; it is
 * handed to the authenticator as the Bearer credential it reads. A header credential wins.
 */
function authenticateUpgrade(request: FastifyRequest, authenticate: Authenticate) {
  const query = accessQuery.safeParse(request.query);
  const token = query.success ? query.data.access_token : undefined;
  if (token !== undefined && request.headers.authorization === undefined) {
    request.headers.authorization = `Bearer ${token}`;
  }
  return authenticate(request);
}

/** An upgrade request that was answered over plain HTTP instead of becoming a WebSocket. */
const isRefusedUpgrade = (request: FastifyRequest) => request.headers.upgrade?.toLowerCase() === 'websocket';

/**
 * `GET <prefix>/realtime`: the WebSocket of live updates. The route is public to the access
 * hook because it authenticates the upgrade itself; without a valid credential the upgrade is
 * refused with 401 problem+json, before any socket exists.
 */
export function realtimeRoutes({
  hub,
  authenticate,
  maxMessageBytes,
}: RealtimeRoutesOptions): FastifyPluginAsync<{ prefix?: string }> {
  const plugin: FastifyPluginAsync<{ prefix?: string }> = async (app, { prefix }) => {
    // Node hands an upgrade's socket over for good: when a hook refuses it (access, rate
    // limits) or it targets a plain route, the socket must be closed once the answer is out.
    // Hijacked replies (real WebSockets) never reach onResponse. A callback hook: it runs for
    // every response of the server, and costs no promise.
    app.addHook('onResponse', (request, _reply, done) => {
      if (isRefusedUpgrade(request)) request.raw.socket.destroy();
      done();
    });
    await app.register(websocket, { options: { maxPayload: maxMessageBytes } });
    await hub.start();
    app.addHook('onClose', () => hub.close());

    const callers = new WeakMap<FastifyRequest, Caller>();
    await app.register(
      async (scope) => {
        scope.get(
          '/realtime',
          {
            websocket: true,
            config: { public: true },
            preValidation: async (request) => {
              const caller = await authenticateUpgrade(request, authenticate);
              if (!caller) {
                throw new DomainError(
                  'unauthenticated',
                  'unauthenticated',
                  'Sign in: send your credential in the Authorization header or as ?access_token=.',
                );
              }
              callers.set(request, caller);
            },
          },
          (socket, request) => hub.accept(socket, callers.get(request)!),
        );
      },
      { prefix },
    );
  };
  return fp(plugin, { name: 'brigade-realtime' });
}
