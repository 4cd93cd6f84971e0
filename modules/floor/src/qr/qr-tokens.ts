import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A table's QR token: HMAC-SHA256(secret, "brigade.floor.qr.v1|<table id>|<qr version>"),
 * base64url (256 bits, 43 characters). Opaque to guests (it reveals neither the restaurant nor
 * the table), unguessable without the secret, and derivable again by staff to reprint, so
 * the plain token is never stored: the database keeps only its SHA-256, which the public
 * lookup finds it by. Rotating bumps the version: a new token, the old hash deleted.
 */
export function deriveQrToken(secret: string, tableId: string, version: number): string {
  return createHmac('sha256', secret).update(`brigade.floor.qr.v1|${tableId}|${version}`).digest('base64url');
}

export function hashQrToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are exactly 43 base64url characters; anything else is refused before any lookup. */
export function isWellFormedQrToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function guestUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/t/${token}`;
}
