import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { identityErrors as fail } from '../contract/errors.js';

export interface OtpSubject {
  tenantId: string;
  /** Normalized, see `normalizePhone`. */
  phone: string;
  code: string;
}

/** Six uniformly random digits, leading zeros kept. */
export function generateOtp(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/**
 * HMAC-SHA256 keyed with a server secret: a bare hash of a six-digit code falls to a million
 * guesses offline. Tenant and phone bind the hash to one challenge.
 */
export function hashOtp(secret: string, { tenantId, phone, code }: OtpSubject): string {
  return createHmac('sha256', secret).update(`${tenantId}\n${phone}\n${code}`).digest('hex');
}

export function otpMatches(secret: string, subject: OtpSubject, storedHash: string): boolean {
  const expected = Buffer.from(hashOtp(secret, subject), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === expected.length && timingSafeEqual(expected, stored);
}

const phonePattern = /^\+?[0-9]{8,15}$/;

/** Strips spaces, dashes and parentheses; keeps a leading `+`; requires 8 to 15 digits. */
export function normalizePhone(raw: string): string {
  const phone = raw.trim().replace(/[\s()-]/g, '');
  if (!phonePattern.test(phone)) {
    throw fail('invalid_phone', 'That is not a valid phone number.', {
      errors: [{ field: 'phone', message: 'must be 8 to 15 digits, optionally starting with +' }],
    });
  }
  return phone;
}
