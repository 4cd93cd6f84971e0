import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { Database, Tx } from '@brigade/db';
import type { Clock } from '@brigade/kernel';
import { desc, gt, isNull, or, sql } from 'drizzle-orm';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { type SigningKeyRow, signingKeys } from '../db/tables.js';

export const accessTokenAlgorithm = 'EdDSA';

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  /** Set while the key signs new tokens; retired keys only verify. */
  privateKey: KeyObject | null;
  createdAt: Date;
}

export interface SigningKeysOptions {
  /** Encrypts the private halves at rest. */
  secret: string;
  /** How long a retired key stays published: the longest an access token it signed can live. */
  publishForSeconds: number;
  /** How often a process re-reads the key set (keys rotated by another process). */
  reloadEveryMs?: number;
}

/** AES-256-GCM under a key derived from AUTH_SECRET: iv.tag.ciphertext, base64url. */
function sealer(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'brigade', 'identity signing keys', 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
    },
    open(sealed: string): string {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', key, iv!);
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The platform's token signing keys (EdDSA, Ed25519), kept in the database so every process
 * and replica signs and verifies with the same set. Rotation adds a key and retires the
 * previous one, which stays published (and valid) until every token it signed has expired.
 */
export class SigningKeys {
  private loaded: { at: number; keys: LoadedKey[] } | undefined;
  private loading: Promise<LoadedKey[]> | undefined;
  private readonly sealed;
  private readonly reloadEveryMs: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: SigningKeysOptions,
  ) {
    this.sealed = sealer(options.secret);
    this.reloadEveryMs = options.reloadEveryMs ?? 60_000;
  }

  /** The key new tokens are signed with; the first call on a fresh installation creates it. */
  async current(): Promise<{ kid: string; key: KeyObject }> {
    let active = (await this.keys()).find((key) => key.privateKey);
    if (!active) {
      await this.ensureActiveKey();
      active = (await this.keys(true)).find((key) => key.privateKey);
    }
    if (!active?.privateKey) throw new Error('No active signing key');
    return { kid: active.kid, key: active.privateKey };
  }

  /** The public key for `kid`, re-reading the set once when it is unknown (rotated elsewhere). */
  async verificationKey(kid: string): Promise<CryptoKey | null> {
    const find = (keys: LoadedKey[]) => keys.find((key) => key.kid === kid)?.publicKey ?? null;
    const found = find(await this.keys());
    if (found) return found;
    const staleForMs = Date.now() - (this.loaded?.at ?? 0);
    return staleForMs > 5_000 ? find(await this.keys(true)) : null;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.current();
    return {
      keys: (await this.keys()).map((key) => ({
        ...key.publicJwk,
        kid: key.kid,
        alg: accessTokenAlgorithm,
        use: 'sig',
      })),
    };
  }

  /** Starts signing with a new key; the previous one keeps verifying until its tokens expire. */
  async rotate(): Promise<string> {
    const kid = await this.db.platformTx(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('identity.signing_keys'))`);
      await tx.update(signingKeys).set({ retiredAt: this.clock.now() }).where(isNull(signingKeys.retiredAt));
      return this.insertKey(tx);
    });
    await this.keys(true);
    return kid;
  }

  private async ensureActiveKey() {
    await this.db.platformTx(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('identity.signing_keys'))`);
      const [active] = await tx.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).limit(1);
      if (!active) await this.insertKey(tx);
    });
  }

  private async insertKey(tx: Tx): Promise<string> {
    const pair = await generateKeyPair(accessTokenAlgorithm, { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const privateJwk = await exportJWK(pair.privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await tx.insert(signingKeys).values({
      kid,
      tenantId: null,
      alg: accessTokenAlgorithm,
      publicJwk: publicJwk as Record<string, unknown>,
      privateJwkEncrypted: this.sealed.seal(JSON.stringify(privateJwk)),
      createdAt: this.clock.now(),
      retiredAt: null,
    });
    return kid;
  }

  private async keys(reload = false): Promise<LoadedKey[]> {
    const fresh = this.loaded && Date.now() - this.loaded.at < this.reloadEveryMs;
    if (fresh && !reload) return this.loaded!.keys;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<LoadedKey[]> {
    const publishedSince = new Date(this.clock.now().getTime() - this.options.publishForSeconds * 1000);
    const rows = await this.db.platformTx((tx) =>
      tx
        .select()
        .from(signingKeys)
        .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, publishedSince)))
        .orderBy(desc(signingKeys.createdAt)),
    );
    const keys = await Promise.all(rows.map((row) => this.loadKey(row)));
    this.loaded = { at: Date.now(), keys };
    return keys;
  }

  private async loadKey(row: SigningKeyRow): Promise<LoadedKey> {
    const publicJwk = row.publicJwk as JWK;
    return {
      kid: row.kid,
      publicJwk,
      publicKey: (await importJWK(publicJwk, accessTokenAlgorithm)) as CryptoKey,
      // A KeyObject signs synchronously (node:crypto), off the thread pool that argon2 keeps busy.
      privateKey:
        row.retiredAt === null
          ? createPrivateKey({ key: JSON.parse(this.sealed.open(row.privateJwkEncrypted)), format: 'jwk' })
          : null,
      createdAt: row.createdAt,
    };
  }
}
