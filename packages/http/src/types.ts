import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '@brigade/kernel';

/** A ready answer: a body rendered and encoded beforehand, and its validators. */
export interface FastAnswer {
  etag: string;
  cacheControl: string;
  contentType: string;
  body: Buffer;
}

/**
 * What a public GET route answers from memory, or null to leave the request to the full
 * pipeline (unknown, not rendered yet, a parameter or header out of shape: anything unusual).
 */
export type FastAnswerer = (
  params: Record<string, string>,
  headers: IncomingHttpHeaders,
) => Promise<FastAnswer | null> | FastAnswer | null;

export interface RouteRateLimit {
  /** Requests per window for one user (or API key). */
  user?: number;
  /** Requests per window for one client IP. */
  ip?: number;
  /**
   * Requests per window per value of a path parameter, e.g. a table's QR token: each table gets
   * its own budget, whatever address its guests share (one restaurant Wi-Fi is one IP).
   */
  param?: { name: string; limit: number };
  /** Window length in seconds. */
  windowSeconds?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The permission a caller needs, e.g. `restaurants:write`, or a list of which any one will
     * do (staff's `orders:write` or a customer's `orders:create_own`). Required on every /api
     * route without `public`.
     */
    permission?: string | readonly string[];
    /** Open to anyone, signed in or not. */
    public?: boolean;
    /** Per-route budgets; `false` exempts operational routes. */
    rateLimit?: RouteRateLimit | false;
    /**
     * A public GET answered from memory before routing when it is plain (anonymous, no body):
     * see fast-answers.ts. The route's handler still answers everything else.
     */
    fastAnswer?: FastAnswerer;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}
