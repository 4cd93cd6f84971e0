import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lower-case hex HMAC-SHA256 of the parts, concatenated as bytes (raw bodies stay byte-exact). */
export function hmacSha256Hex(key: string, ...parts: ReadonlyArray<string | Buffer>): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

const sha256Hex = /^[0-9a-f]{64}$/;

/**
 * Whether `candidate` is the expected hex signature, compared in constant time over equal-length
 * buffers (anything that is not 64 hex digits is simply not a match).
 */
export function signatureMatches(expectedHex: string, candidate: string): boolean {
  const normalized = candidate.trim().toLowerCase();
  if (!sha256Hex.test(normalized)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(normalized, 'hex'));
}
