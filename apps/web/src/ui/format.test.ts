import { describe, expect, it } from 'vitest';
import { expiresAt } from './api.js';
import { currencyDigits, formatElapsed, formatMoney, formatTime } from './format.js';
import { translate } from './i18n.js';
import { ApiError, describeError } from './problem.js';

describe('formatting', () => {
  it('formats minor units in the currency’s own digits', () => {
    expect(currencyDigits('INR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(formatMoney(29900, 'INR', 'en-IN')).toBe('₹299.00');
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
  });

  it('shows times in the restaurant’s time zone, not the browser’s', () => {
    expect(formatTime('2026-11-23T02:38:00Z', 'Asia/Kolkata', 'en-GB')).toBe('8:08');
  });

  it('formats kitchen timers', () => {
    expect(formatElapsed(65)).toBe('1:05');
    expect(formatElapsed(3725)).toBe('1:02:05');
  });
});

describe('messages', () => {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('en', key, params);

  it('interpolates and translates', () => {
    expect(translate('es', 'guest.table', { number: 'T2' })).toBe('Mesa T2');
    expect(t('guest.table', { number: 'T2' })).toBe('Table T2');
  });

  it('turns problems into words a person understands', () => {
    const locked = new ApiError({ status: 429, code: 'login_locked', detail: 'Locked.' });
    expect(describeError(locked, t).message).toMatch(/Too many failed attempts/);
    const rejected = new ApiError({
      status: 422,
      code: 'lines_rejected',
      detail: 'Choose at least 1 from Spice level.',
      errors: [{ field: 'lines[0].option_ids', message: 'Choose at least 1 from Spice level.' }],
    });
    expect(describeError(rejected, t)).toEqual({
      message: 'Choose at least 1 from Spice level.',
      fields: ['Choose at least 1 from Spice level.'],
    });
    expect(describeError(new ApiError({ status: 0, code: 'network' }), t).message).toMatch(/Cannot reach/);
    expect(describeError(new ApiError({ status: 500, detail: 'db exploded' }), t).message).toMatch(
      /on our side/,
    );
  });
});

describe('access tokens', () => {
  it('reads a JWT’s expiry (0 when unreadable), so the realtime socket refreshes before presenting it', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'u', exp: 1_795_402_043 })).toString('base64url');
    expect(expiresAt(`h.${payload}.s`)).toBe(1_795_402_043_000);
    expect(expiresAt('not-a-jwt')).toBe(0);
  });
});
