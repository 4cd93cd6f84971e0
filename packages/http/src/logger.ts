import type { LoggerOptions } from 'pino';

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

const cardLike = /(?<![\d.])(?:\d[ -]?){12,18}\d(?!\.?\d)/g;

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
