import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A guest's tracking token: base64url of tenant id (16 bytes) ‖ order id (16 bytes) ‖
 * HMAC-SHA256(secret, "brigade.orders.tracking.v1|<tenant>|<order>") (32 bytes) — 86
 * characters. It names its order without a lookup, and cannot be made or altered without the
 * secret (the purpose prefix keeps it apart from every other HMAC made with the same secret).
 */
const purpose = 'brigade.orders.tracking.v1';
const tokenLength = 86;

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const mac = (secret: string, tenantId: string, orderId: string) =>
  createHmac('sha256', secret).update(`${purpose}|${tenantId}|${orderId}`).digest();

export function signTrackingToken(secret: string, tenantId: string, orderId: string): string {
  return Buffer.concat([uuidBytes(tenantId), uuidBytes(orderId), mac(secret, tenantId, orderId)]).toString(
    'base64url',
  );
}

/** The order a token names, or null when it is malformed or was not signed with `secret`. */
export function readTrackingToken(
  secret: string,
  token: string,
): { tenant_id: string; order_id: string } | null {
  if (token.length !== tokenLength || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical spelling: the last character's 4 unused bits would let 16 spellings pass.
  if (bytes.length !== 64 || bytes.toString('base64url') !== token) return null;
  const tenantId = uuidOf(bytes.subarray(0, 16));
  const orderId = uuidOf(bytes.subarray(16, 32));
  const expected = mac(secret, tenantId, orderId);
  if (!timingSafeEqual(bytes.subarray(32), expected)) return null;
  return { tenant_id: tenantId, order_id: orderId };
}
