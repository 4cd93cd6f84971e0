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
import { identityErrors as fail } from '../contract/errors.js';
import type { SmsProvider } from './sms-provider.js';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** A sender phone number, or a Messaging Service SID (`MG` + 32 hex digits). */
  from: string;
  baseUrl?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** First retry delay; later ones grow exponentially, with jitter. */
  retryDelayMs?: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before letting one trial request through. */
  breakerHalfOpenAfterMs?: number;
}

/** Twilio's documented error body. */
interface TwilioError {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

/** A 429 or 5xx answer: worth retrying, and counted by the circuit breaker. */
class TwilioUnavailable extends Error {
  constructor(readonly status: number) {
    super(`Twilio answered ${status}`);
  }
}

const messagingServiceSid = /^MG[0-9a-f]{32}$/i;

// A network failure (fetch rejects with a TypeError), a timeout, a 429 or a 5xx.
const isTransient = (error: unknown) =>
  error instanceof TwilioUnavailable || error instanceof TypeError || isTaskCancelledError(error);

const readJson = async (response: Response): Promise<unknown> => response.json().catch(() => undefined);

/** Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. */
export function twilioSms(options: TwilioSmsOptions): SmsProvider {
  const {
    accountSid,
    authToken,
    from,
    baseUrl = 'https://api.twilio.com',
    timeoutMs = 5000,
    retryDelayMs = 200,
    breakerThreshold = 5,
    breakerHalfOpenAfterMs = 30_000,
  } = options;
  if (!accountSid || !authToken || !from) throw new Error('twilioSms needs accountSid, authToken and from');

  const url = `${baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const sender = messagingServiceSid.test(from) ? 'MessagingServiceSid' : 'From';

  const transient = handleWhen(isTransient);
  const policy = wrap(
    retry(transient, {
      maxAttempts: 2,
      backoff: new ExponentialBackoff({ initialDelay: retryDelayMs, maxDelay: retryDelayMs * 8 }),
    }),
    circuitBreaker(transient, {
      halfOpenAfter: breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(breakerThreshold),
    }),
    timeout(timeoutMs, TimeoutStrategy.Aggressive),
  );

  const attempt = async (to: string, body: string, signal: AbortSignal): Promise<{ id: string }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, [sender]: from, Body: body }).toString(),
      signal,
    });
    const payload = await readJson(response);
    if (response.status === 429 || response.status >= 500) throw new TwilioUnavailable(response.status);
    if (response.ok) {
      const sid = (payload as { sid?: unknown } | undefined)?.sid;
      if (typeof sid === 'string') return { id: sid };
      throw fail('sms_unavailable', 'The SMS provider answered without a message id.', {
        details: { provider: 'twilio', status: response.status },
      });
    }
    const error = (payload ?? {}) as TwilioError;
    if (response.status === 401 || response.status === 403) {
      // Our credentials, not the customer's input: an outage as far as the caller can tell.
      throw fail('sms_unavailable', 'The SMS provider refused our credentials.', {
        details: { provider: 'twilio', status: response.status, provider_code: error.code },
      });
    }
    throw fail(
      'sms_rejected',
      `The SMS provider rejected the message: ${error.message ?? 'no reason given'}`,
      {
        details: {
          provider: 'twilio',
          status: response.status,
          provider_code: error.code,
          more_info: error.more_info,
        },
      },
    );
  };

  return {
    name: 'twilio',
    async send({ to, body }) {
      try {
        return await policy.execute(({ signal }) => attempt(to, body, signal));
      } catch (error) {
        if (!isTransient(error) && !isBrokenCircuitError(error)) throw error;
        const reason = isBrokenCircuitError(error)
          ? 'The SMS provider is failing; not trying again for now.'
          : isTaskCancelledError(error)
            ? 'The SMS provider did not answer in time.'
            : 'The SMS provider is unavailable.';
        throw fail('sms_unavailable', reason, {
          details: {
            provider: 'twilio',
            ...(error instanceof TwilioUnavailable && { status: error.status }),
          },
          cause: error,
        });
      }
    },
  };
}
