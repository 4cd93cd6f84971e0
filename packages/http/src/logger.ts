import type { FastifyBaseLogger } from 'fastify';
import { type Bindings, type ChildLoggerOptions, type LoggerOptions, symbols } from 'pino';

/** Paths whose values never reach a log line (seed 002 §3: no passwords, tokens or card data). */
const secretKeys = [
  'password',
  'new_password',
  'current_password',
  'token',
  'access_token',
  'refresh_token',
  'secret',
  'api_key',
  'otp',
  'card_number',
  'cvv',
];

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** Luhn check, so that order numbers and timestamps are not mistaken for cards. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// Not inside a longer token: ids such as the UUID 11111111-1111-4111-8111-… are no cards.
const cardLike = /(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w-]|\.?\d)/g;

/** Masks card-like numbers (13–19 digits, optional spaces or dashes, valid Luhn) in a log line. */
export function maskCardNumbers(line: string): string {
  return line.replace(cardLike, (match) => {
    const digits = match.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return match;
    return `[card ****${digits.slice(-4)}]`;
  });
}

const tokenInUrl = /([?&](?:access_token|token)=)[^&"\s]+/g;

/** What leaves the process in a log line: card-like numbers masked, tokens in URLs (WebSocket sign-in) redacted. */
export function scrubLogLine(line: string): string {
  return maskCardNumbers(line).replace(tokenInUrl, '$1[redacted]');
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    messageKey: 'message',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    hooks: { streamWrite: scrubLogLine },
  };
}

const { chindingsSym } = symbols;

/**
 * Fastify's per-request child logger, without pino's per-child work: a plain child runs its
 * bindings through the redaction paths' wildcard stringifier on every request, for a request id
 * that is never a secret (generated, or checked against `[\w.:-]{1,128}`). This child has the same
 * bindings (`"request_id":"…"` after the parent's) and inherits everything else, level included;
 * a route with its own level or serializers gets a plain pino child.
 */
export function requestChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  const keys = Object.keys(bindings);
  if (options.level !== undefined || options.serializers !== undefined || keys.length !== 1) {
    return logger.child(bindings, options);
  }
  const [key] = keys as [string];
  const child = Object.create(logger) as FastifyBaseLogger & Record<symbol, string>;
  child[chindingsSym] =
    `${(logger as unknown as Record<symbol, string>)[chindingsSym]},${JSON.stringify(key)}:${JSON.stringify(bindings[key])}`;
  return child;
}
