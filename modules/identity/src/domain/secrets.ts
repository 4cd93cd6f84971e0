import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Opaque, high-entropy secrets (refresh tokens, API keys) are stored as SHA-256: enough for 256-bit values. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
