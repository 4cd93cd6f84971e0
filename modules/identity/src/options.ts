import type { OidcProviderConfig } from './social/oidc.js';

/** Settings the composition root passes in (from AUTH_*, SMS_* and OIDC_* configuration). */
export interface IdentityOptions {
  issuer: string;
  audience: string;
  /** Encrypts signing keys at rest and keys OTP hashes. */
  secret: string;
  accessTokenTtlSeconds: number;
  refreshIdleTtlSeconds: number;
  refreshAbsoluteTtlSeconds: number;
  signupEnabled: boolean;
  loginMaxFailures: number;
  lockoutSeconds: number;
  signInPerIpPerMinute: number;
  sms:
    | { provider: 'console' | 'disabled' }
    | {
        provider: 'twilio';
        accountSid: string;
        authToken: string;
        from: string;
        baseUrl?: string | undefined;
      };
  oidcProviders: OidcProviderConfig[];
  /** Accept http:// OpenID providers (development and tests only). */
  allowInsecureOidc: boolean;
  /** Seconds a process trusts a restaurant's active flag or a verified API key before asking again. */
  statusCacheSeconds: number;
}

/** For development and tests; production configuration must set its own secret (see apps/server config). */
export const developmentSecret = 'brigade-development-secret-do-not-use-in-production';

export const defaultIdentityOptions: IdentityOptions = {
  issuer: 'brigade',
  audience: 'brigade-api',
  secret: developmentSecret,
  accessTokenTtlSeconds: 900,
  refreshIdleTtlSeconds: 7 * 24 * 3600,
  refreshAbsoluteTtlSeconds: 30 * 24 * 3600,
  signupEnabled: true,
  loginMaxFailures: 5,
  lockoutSeconds: 900,
  signInPerIpPerMinute: 30,
  sms: { provider: 'console' },
  oidcProviders: [],
  allowInsecureOidc: false,
  statusCacheSeconds: 10,
};
