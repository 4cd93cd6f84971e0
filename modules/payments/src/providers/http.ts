/**
 * The remote providers' HTTP client: Node's fetch behind cockatiel (DESIGN.md §2), the pattern
 * of identity's Twilio client — a timeout per attempt, a circuit breaker per provider account
 * counting transient failures, and retries with jittered exponential backoff only for requests
 * that are safe to repeat (GETs, and POSTs the provider deduplicates by idempotency key).
 */
import {
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { providerErrors as fail, type ProviderErrorCode } from './errors.js';

export interface ResilienceOptions {
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for repeatable requests only. Default 2. */
  retries?: number;
  /** First retry delay; later ones grow exponentially, with decorrelated jitter. Default 250 ms. */
  retryDelayMs?: number;
  /** Consecutive transient failures that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before letting one trial request through. Default 30 s. */
  breakerHalfOpenAfterMs?: number;
}

export interface ProviderRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v1/payment_intents/pi_123?expand[]=latest_charge`. */
  path: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  /** Safe to send again: a GET, or a POST carrying the provider's idempotency key. */
  repeatable: boolean;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was not JSON. */
  body: unknown;
}

export interface ProviderHttp {
  /** Resolves with any 2xx or 4xx answer; throws `provider_unavailable` for what stayed transient. */
  send(request: ProviderRequest): Promise<ProviderResponse>;
}

/** A 429 or 5xx answer: retried when repeatable, counted by the breaker. */
class TransientAnswer extends Error {
  constructor(readonly response: ProviderResponse) {
    super(`provider answered ${response.status}`);
  }
}

// A network failure (fetch rejects with a TypeError), a timeout, a 429 or a 5xx.
const isTransient = (error: unknown) =>
  error instanceof TransientAnswer || error instanceof TypeError || isTaskCancelledError(error);

export function providerHttp(options: {
  provider: 'stripe' | 'razorpay';
  baseUrl: string;
  /** Sent with every request (authorization, accept, versions …). */
  headers: Record<string, string>;
  resilience?: ResilienceOptions | undefined;
  /** Whether an answer is transient; default 429 and 5xx. */
  transient?: (response: ProviderResponse) => boolean;
}): ProviderHttp {
  const {
    timeoutMs = 10_000,
    retries = 2,
    retryDelayMs = 250,
    breakerThreshold = 5,
    breakerHalfOpenAfterMs = 30_000,
  } = options.resilience ?? {};
  const { provider } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const transientAnswer =
    options.transient ?? ((response: ProviderResponse) => response.status === 429 || response.status >= 500);

  const transient = handleWhen(isTransient);
  const attempts = wrap(
    circuitBreaker(transient, {
      halfOpenAfter: breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(breakerThreshold),
    }),
    timeout(timeoutMs, TimeoutStrategy.Aggressive),
  );
  const retrying = retry(transient, {
    maxAttempts: retries,
    backoff: new ExponentialBackoff({ initialDelay: retryDelayMs, maxDelay: retryDelayMs * 16 }),
  });

  const attempt = async (request: ProviderRequest, signal: AbortSignal): Promise<ProviderResponse> => {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: { ...options.headers, ...request.headers },
      body: request.body ?? null,
      signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = { status: response.status, headers: response.headers, body };
    if (transientAnswer(answer)) throw new TransientAnswer(answer);
    return answer;
  };

  return {
    async send(request) {
      const once = () => attempts.execute(({ signal }) => attempt(request, signal));
      try {
        return await (request.repeatable ? retrying.execute(once) : once());
      } catch (error) {
        if (!isTransient(error) && !isBrokenCircuitError(error)) throw error;
        const reason = isBrokenCircuitError(error)
          ? 'circuit_open'
          : isTaskCancelledError(error)
            ? 'timeout'
            : error instanceof TransientAnswer
              ? 'provider_error'
              : 'network';
        const message = {
          circuit_open: `${provider} is failing; not trying again for now.`,
          timeout: `${provider} did not answer in time.`,
          provider_error: `${provider} is unavailable.`,
          network: `${provider} could not be reached.`,
        }[reason];
        throw fail('provider_unavailable', message, {
          details: {
            provider,
            reason,
            // A POST that was sent and got no clear answer may have been carried out: the caller
            // reconciles by status poll or webhook (or retries with the same idempotency key).
            outcome_unknown: request.method === 'POST' && reason !== 'circuit_open',
            ...(error instanceof TransientAnswer && { status: error.response.status }),
          },
          cause: error,
        });
      }
    },
  };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The error object of a provider's documented error body `{ error: { … } }`, or an empty one. */
export function errorBodyOf<E>(response: ProviderResponse): Partial<E> {
  return (isObject(response.body) && isObject(response.body.error) ? response.body.error : {}) as Partial<E>;
}

/**
 * A refused request in our codes: rejected credentials, then the provider's own rules in
 * order (the first that holds wins), then unavailable (5xx or what `unavailable` adds),
 * otherwise an invalid request. `said` is the provider's own words, kept in the message.
 */
export function refusal(
  label: 'Stripe' | 'Razorpay',
  response: ProviderResponse,
  details: Record<string, unknown>,
  said: string,
  rules: [holds: boolean, code: ProviderErrorCode, message: string][],
  unavailable = false,
): Error {
  if (response.status === 401 || response.status === 403) {
    return fail('provider_credentials_rejected', `${label} refused the restaurant’s API keys.`, { details });
  }
  const rule = rules.find(([holds]) => holds);
  if (rule) return fail(rule[1], rule[2], { details });
  if (response.status >= 500 || unavailable) {
    return fail('provider_unavailable', `${label.toLowerCase()} is unavailable.`, {
      details: { ...details, reason: 'provider_error' },
    });
  }
  return fail('provider_invalid_request', `${label} refused the request: ${said}`, { details });
}
