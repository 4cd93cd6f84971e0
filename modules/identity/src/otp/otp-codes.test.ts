import { DomainError } from '@brigade/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOtp, hashOtp, normalizePhone, otpMatches } from './otp-codes.js';

const secret = 'test-secret';
const tenantId = '0194a5b2-0000-7000-8000-000000000001';
const code = fc.stringMatching(/^[0-9]{6}$/);
const phone = fc.stringMatching(/^\+?[1-9][0-9]{7,14}$/);
const subject = fc.record({ tenantId: fc.uuid(), phone, code });

const rejects = (raw: string) => {
  try {
    normalizePhone(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'invalid_phone',
      kind: 'invalid',
      errors: [{ field: 'phone', message: expect.any(String) }],
    });
    return true;
  }
  return false;
};

describe('generateOtp', () => {
  it('is always six digits, and takes many values', () => {
    const codes = Array.from({ length: 2000 }, generateOtp);
    for (const generated of codes) expect(generated).toMatch(/^[0-9]{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1900);
  });
});

describe('hashOtp / otpMatches', () => {
  it('a hash matches its own subject and is 64 hex digits, never the code', () => {
    fc.assert(
      fc.property(subject, (s) => {
        const hash = hashOtp(secret, s);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(hash).not.toContain(s.code);
        expect(otpMatches(secret, s, hash)).toBe(true);
      }),
    );
  });

  it('differs per tenant, phone, code and secret', () => {
    fc.assert(
      fc.property(subject, subject, (a, b) => {
        fc.pre(a.tenantId !== b.tenantId || a.phone !== b.phone || a.code !== b.code);
        const hash = hashOtp(secret, a);
        expect(hashOtp(secret, b)).not.toBe(hash);
        expect(otpMatches(secret, b, hash)).toBe(false);
        expect(otpMatches('another-secret', a, hash)).toBe(false);
      }),
    );
  });

  it('a malformed stored hash never matches', () => {
    const s = { tenantId, phone: '+919876543210', code: '123456' };
    expect(otpMatches(secret, s, '')).toBe(false);
    expect(otpMatches(secret, s, 'abc')).toBe(false);
    expect(otpMatches(secret, s, hashOtp(secret, s).slice(0, 62))).toBe(false);
  });
});

describe('normalizePhone', () => {
  it('strips spaces, dashes and parentheses and keeps a leading +', () => {
    expect(normalizePhone('+91 98765-43210')).toBe('+919876543210');
    expect(normalizePhone(' (555) 010-9999 ')).toBe('5550109999');
    expect(normalizePhone('9876543210')).toBe('9876543210');
  });

  it('is idempotent, and ignores formatting characters anywhere', () => {
    const formatted = fc
      .tuple(phone, fc.array(fc.constantFrom(' ', '-', '(', ')'), { maxLength: 6 }), fc.nat())
      .map(([digits, noise, at]) => {
        const split = 1 + (at % digits.length);
        return { digits, raw: `${digits.slice(0, split)}${noise.join('')}${digits.slice(split)}` };
      });
    fc.assert(
      fc.property(formatted, ({ digits, raw }) => {
        const once = normalizePhone(raw);
        expect(once).toBe(digits);
        expect(normalizePhone(once)).toBe(once);
      }),
    );
  });

  it('rejects too short, too long, letters and misplaced +', () => {
    for (const raw of [
      '',
      '+',
      '1234567',
      '+1234567890123456',
      '98765abc10',
      '98+76543210',
      '++919876543210',
    ]) {
      expect(rejects(raw), raw).toBe(true);
    }
  });
});
