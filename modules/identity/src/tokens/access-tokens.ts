import { type Clock, newId, type Role } from '@brigade/kernel';
import { type CryptoKey, type JWTHeaderParameters, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
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
}

const claimsSchema = z
  .object({
    sub: z.uuid(),
    tenant_id: z.uuid().nullable(),
    role: z.enum(roles),
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
    const token = await new SignJWT({ tenant_id: subject.tenantId, role: subject.role })
      .setProtectedHeader({ alg: accessTokenAlgorithm, kid, typ: accessTokenType })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(subject.id)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.ttlSeconds)
      .setJti(newId())
      .sign(key);
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
