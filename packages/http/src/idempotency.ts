import { createHash } from 'node:crypto';
import { type Database, type MigrationSource, queryRows, type Tx } from '@brigade/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { problem, sendProblem } from './problem.js';

export const httpMigrations: MigrationSource = {
  schema: 'http',
  dir: new URL('../migrations/', import.meta.url),
};

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' }
  | { outcome: 'replay'; response: StoredResponse };

export interface IdempotencyScope {
  /** Tenant id, or null for platform-scope requests. */
  tenantId: string | null;
  key: string;
}

/** Where idempotency records live: the database (embedded) or Redis (scaled out). */
export interface IdempotencyStore {
  claim(scope: IdempotencyScope, fingerprint: string): Promise<Claim>;
  complete(scope: IdempotencyScope, fingerprint: string, response: StoredResponse): Promise<void>;
  release(scope: IdempotencyScope): Promise<void>;
}

export interface IdempotencyTimings {
  /** How long a stored response is replayed. */
  retentionSeconds: number;
  /** How long an unfinished request holds its key before another may take it over. */
  leaseSeconds: number;
}

export const defaultIdempotencyTimings: IdempotencyTimings = { retentionSeconds: 86_400, leaseSeconds: 60 };

function scopeName(scope: IdempotencyScope) {
  return scope.tenantId ?? 'platform';
}

export function databaseIdempotencyStore(
  db: Database,
  timings: IdempotencyTimings = defaultIdempotencyTimings,
): IdempotencyStore {
  const inScope = <T>(scope: IdempotencyScope, fn: (tx: Tx) => Promise<T>) =>
    scope.tenantId ? db.tenantTx(scope.tenantId, fn) : db.platformTx(fn);
  return {
    claim(scope, fingerprint) {
      return inScope(scope, async (tx) => {
        const name = scopeName(scope);
        const taken = await queryRows(
          tx,
          sql`
          insert into http.idempotency_keys (scope, key, tenant_id, fingerprint, locked_until, expires_at)
          values (${name}, ${scope.key}, ${scope.tenantId}, ${fingerprint},
                  now() + make_interval(secs => ${timings.leaseSeconds}),
                  now() + make_interval(secs => ${timings.retentionSeconds}))
          on conflict (scope, key) do update
            set fingerprint = excluded.fingerprint, status_code = null, headers = null, body = null,
                locked_until = excluded.locked_until, expires_at = excluded.expires_at, created_at = now()
            where http.idempotency_keys.expires_at < now()
               or (http.idempotency_keys.status_code is null and http.idempotency_keys.locked_until < now())
          returning 1 as claimed`,
        );
        if (taken.length > 0) return { outcome: 'claimed' } as const;
        const [row] = await queryRows<{
          fingerprint: string;
          status_code: number | null;
          headers: Record<string, string>;
          body: string;
        }>(
          tx,
          sql`select fingerprint, status_code, headers, body from http.idempotency_keys
              where scope = ${name} and key = ${scope.key}`,
        );
        if (!row) return { outcome: 'in_progress' } as const;
        if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' } as const;
        if (row.status_code === null) return { outcome: 'in_progress' } as const;
        return {
          outcome: 'replay',
          response: { statusCode: row.status_code, headers: row.headers, body: row.body },
        } as const;
      });
    },
    async complete(scope, fingerprint, response) {
      await inScope(scope, (tx) =>
        tx.execute(sql`
          update http.idempotency_keys
          set status_code = ${response.statusCode}, headers = ${JSON.stringify(response.headers)}::jsonb,
              body = ${response.body}
          where scope = ${scopeName(scope)} and key = ${scope.key} and fingerprint = ${fingerprint}`),
      );
    },
    async release(scope) {
      await inScope(scope, (tx) =>
        tx.execute(sql`
          delete from http.idempotency_keys
          where scope = ${scopeName(scope)} and key = ${scope.key} and status_code is null`),
      );
    },
  };
}

interface RedisRecord {
  fingerprint: string;
  response: StoredResponse | null;
}

export function redisIdempotencyStore(
  redis: Redis,
  timings: IdempotencyTimings = defaultIdempotencyTimings,
): IdempotencyStore {
  const redisKey = (scope: IdempotencyScope) => `idem:${scopeName(scope)}:${scope.key}`;
  return {
    async claim(scope, fingerprint) {
      const record: RedisRecord = { fingerprint, response: null };
      // The claim expires with the lease, so an abandoned request frees its key by itself.
      const set = await redis.set(redisKey(scope), JSON.stringify(record), 'EX', timings.leaseSeconds, 'NX');
      if (set === 'OK') return { outcome: 'claimed' };
      const raw = await redis.get(redisKey(scope));
      if (raw === null) return { outcome: 'in_progress' };
      const existing = JSON.parse(raw) as RedisRecord;
      if (existing.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      if (existing.response === null) return { outcome: 'in_progress' };
      return { outcome: 'replay', response: existing.response };
    },
    async complete(scope, fingerprint, response) {
      const record: RedisRecord = { fingerprint, response };
      await redis.set(redisKey(scope), JSON.stringify(record), 'EX', timings.retentionSeconds);
    },
    async release(scope) {
      await redis.del(redisKey(scope));
    },
  };
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;
const replayedHeaders = ['content-type', 'location'];

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: IdempotencyScope; fingerprint: string } | null;
  }
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored;
 * the same key with the same method, URL and body replays it; with another body → 422;
 * while the first is still running → 409. Server errors (5xx) free the key for a retry.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance, options: { store: IdempotencyStore }) => {
    const { store } = options;
    app.decorateRequest('idempotency', null);

    const claimKey = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST') return;
      const header = request.headers['idempotency-key'];
      if (header === undefined) return;
      if (typeof header !== 'string' || !keyPattern.test(header)) {
        return sendProblem(
          reply,
          problem(
            request,
            400,
            'invalid_idempotency_key',
            'Idempotency-Key must be 1–255 visible ASCII characters.',
          ),
        );
      }
      const scope = { tenantId: request.ctx.tenantId, key: header };
      const fingerprint = fingerprintOf(request);
      const claim = await store.claim(scope, fingerprint);
      switch (claim.outcome) {
        case 'claimed':
          request.idempotency = { scope, fingerprint };
          request.ctx = { ...request.ctx, idempotencyKey: header };
          return;
        case 'in_progress':
          return sendProblem(
            reply,
            problem(
              request,
              409,
              'idempotency_in_progress',
              'A request with this Idempotency-Key is still being processed.',
            ),
          );
        case 'mismatch':
          return sendProblem(
            reply,
            problem(
              request,
              422,
              'idempotency_key_reused',
              'This Idempotency-Key was already used with a different request.',
            ),
          );
        case 'replay':
          reply
            .code(claim.response.statusCode)
            .headers(claim.response.headers)
            .header('Idempotent-Replayed', 'true');
          return reply.send(claim.response.body);
      }
    };

    const storeResponse = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const pending = request.idempotency;
      if (!pending) return payload;
      request.idempotency = null;
      if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
        await store.release(pending.scope);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of replayedHeaders) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await store.complete(pending.scope, pending.fingerprint, {
        statusCode: reply.statusCode,
        headers,
        body: payload.toString(),
      });
      return payload;
    };

    // Only POST routes carry these hooks: every other request skips them altogether.
    app.addHook('onRoute', (route) => {
      if (![route.method].flat().includes('POST')) return;
      route.preHandler = [claimKey, ...[route.preHandler ?? []].flat()];
      route.onSend = [storeResponse, ...[route.onSend ?? []].flat()];
    });
  },
  { name: 'brigade-idempotency', dependencies: ['brigade-access'] },
);
