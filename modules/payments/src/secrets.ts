/**
 * Provider secrets at rest: AES-256-GCM with a key derived from the installation's secret by
 * HKDF-SHA256 (domain-separated), a random 96-bit nonce per value, and the tenant and provider
 * as associated data, so a ciphertext copied to another restaurant or provider does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const version = 'v1';

export interface SecretBox {
  seal(plain: Record<string, string>, context: string): string;
  open(sealed: string, context: string): Record<string, string>;
}

export function secretBox(secret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'brigade-payments', 'provider-secrets-aes-256-gcm', 32));
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
      return [version, ...[nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join(
        '.',
      );
    },
    open(sealed, context) {
      const [tag, nonce, authTag, body] = sealed.split('.');
      if (tag !== version || !nonce || !authTag || body === undefined) {
        throw new Error('not a sealed provider secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    },
  };
}
