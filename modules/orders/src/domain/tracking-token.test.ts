import { describe, expect, it } from 'vitest';
import { readTrackingToken, signTrackingToken } from './tracking-token.js';

const tenant = '11111111-1111-4111-8111-111111111111';
const order = '0190a0a0-0000-7000-8000-00000000a001';

describe('tracking tokens', () => {
  it('name their restaurant and order, and only with the secret that signed them', () => {
    const token = signTrackingToken('secret-a', tenant, order);
    expect(token).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(readTrackingToken('secret-a', token)).toEqual({ tenant_id: tenant, order_id: order });
    expect(readTrackingToken('secret-b', token)).toBeNull();
  });

  it('cannot be altered to name another order, nor be malformed', () => {
    const token = signTrackingToken('secret-a', tenant, order);
    const bytes = Buffer.from(token, 'base64url');
    bytes[31] = bytes[31]! ^ 1; // another order id, same signature
    expect(readTrackingToken('secret-a', bytes.toString('base64url'))).toBeNull();
    expect(readTrackingToken('secret-a', token.slice(1))).toBeNull();
    expect(readTrackingToken('secret-a', `${token.slice(0, 85)}*`)).toBeNull();
    expect(readTrackingToken('secret-a', '')).toBeNull();
  });

  it('are read only in their one spelling: a last character differing in its unused bits is refused', () => {
    const token = signTrackingToken('secret-a', tenant, order);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    // 86 characters carry 516 bits for 512: the last one's 4 low bits decode to nothing.
    const sameBytes = alphabet[last ^ 0b0001]!;
    expect(Buffer.from(`${token.slice(0, 85)}${sameBytes}`, 'base64url')).toEqual(
      Buffer.from(token, 'base64url'),
    );
    expect(readTrackingToken('secret-a', `${token.slice(0, 85)}${sameBytes}`)).toBeNull();
  });
});
