import { sign } from 'node:crypto';
import { type Clock, newId, type Role } from '@brigade/kernel';
import { type CryptoKey, type JWTHeaderParameters, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { identityErrors as fail } from '../contract/errors.js';
import { roles } from '../contract/permissions.js';
import { accessTokenAlgorithm, type SigningKeys } from './signing-keys.js';

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** The subject an access token speaks for. */
export interface TokenSubject {
  id: string;
  tenantId: string | null;
  role: Role;
  /** A temporary password is in use: the token allows only changing it (`auth:self`). */
  mustChangePassword?: boolean;
}

const claimsSchema = z
  .object({
    sub: z.uuid(),
    tenant_id: z.uuid().nullable(),
    role: z.enum(roles),
    must_change_password: z.literal(true).optional(),
    iss: z.string(),
    aud: z.string(),
    exp: z.number().int(),
    iat: z.number().int(),
    jti: z.string(),
  })
  .refine((claims) => (claims.role === 'platform_admin') === (claims.tenant_id === null));

export type AccessClaims = z.infer<typeof claimsSchema>;

/** RFC 9068 access tokens: `typ: at+jwt`, EdDSA only, verified against the published key set. */
export const accessTokenType = 'at+jwt';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

const invalid = () => fail('invalid_token', 'The access token is invalid or expired.');

export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    readonly options: AccessTokenOptions,
  ) {}

  async issue(subject: TokenSubject): Promise<{ token: string; expiresIn: number }> {
    const { kid, key } = await this.keys.current();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const header = { alg: accessTokenAlgorithm, kid, typ: accessTokenType };
    const claims = {
      iss: this.options.issuer,
      aud: this.options.audience,
      sub: subject.id,
      tenant_id: subject.tenantId,
      role: subject.role,
      ...(subject.mustChangePassword && { must_change_password: true }),
      iat: now,
      exp: now + this.options.ttlSeconds,
      jti: newId(),
    };
    // Compact JWS (RFC 7515 §7.1) signed with Ed25519 synchronously; verification below is jose's.
    const input = `${base64url(header)}.${base64url(claims)}`;
    const token = `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
    return { token, expiresIn: this.options.ttlSeconds };
  }

  /** Pins the algorithm and the type, checks the signature, iss, aud and exp; throws invalid_token. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: [accessTokenAlgorithm],
        typ: accessTokenType,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: this.clock.now(),
        clockTolerance: 5,
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw invalid();
      return claims.data;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) throw invalid();
      throw error;
    }
  }

  private async keyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    const key = header.kid ? await this.keys.verificationKey(header.kid) : null;
    if (!key) throw new joseErrors.JWKSNoMatchingKey();
    return key;
  }
}
