import { isDomainError } from '@brigade/kernel';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import * as client from 'openid-client';
import { identityErrors as fail } from '../contract/errors.js';

export interface OidcProviderConfig {
  /** Used in URLs: /auth/oauth/{name}/... */
  name: string;
  /** Discovery base URL. */
  issuer: string;
  client_id: string;
  /** Confidential client (client_secret_basic); absent → public client with PKCE only. */
  client_secret?: string;
  /** Where the provider sends the browser back; no query string or fragment of its own. */
  redirect_uri: string;
  /** Default ['openid', 'email', 'profile']. */
  scopes?: string[];
}

export interface SocialIdentity {
  provider: string;
  subject: string;
  email: string | null;
  email_verified: boolean;
  name: string | null;
}

export interface PendingLogin {
  state: string;
  provider: string;
  nonce: string;
  code_verifier: string;
  tenant_id: string | null;
  expires_at: Date;
}

export interface PendingLoginStore {
  save(login: PendingLogin): Promise<void>;
  /** Returns and deletes the pending login (single use), or null if absent or expired. */
  take(state: string, now: Date): Promise<PendingLogin | null>;
}

export interface SocialLoginOptions {
  providers: OidcProviderConfig[];
  store: PendingLoginStore;
  clock: { now(): Date };
  /** How long a begun login may take to complete. Default 600. */
  pendingTtlSeconds?: number;
  /** Allows http:// issuers: development and tests only. */
  allowInsecureRequests?: boolean;
  /** Per request to the provider. Default 10. */
  timeoutSeconds?: number;
}

export interface BeginLogin {
  authorization_url: string;
  state: string;
  expires_at: string;
}

/**
 * The query the provider sent back to redirect_uri: `code` on success, `error` (e.g.
 * access_denied) otherwise. Forward `iss` whenever present: it is checked against the issuer.
 */
export interface LoginCallback {
  code?: string | undefined;
  state: string;
  iss?: string | undefined;
  error?: string | undefined;
}

const defaultScopes = ['openid', 'email', 'profile'];
const providerName = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The provider could not be reached or failed on its side: a network error or timeout (fetch
 * rejects with a TypeError, an abort with a DOMException), or a 5xx answer.
 */
function isUnavailable(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  if (error instanceof client.ClientError) {
    return error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && error.cause instanceof Response
      ? error.cause.status >= 500
      : false;
  }
  if (error instanceof DOMException) return error.name === 'TimeoutError' || error.name === 'AbortError';
  return error instanceof TypeError && !('code' in error);
}

/** A short, secret-free reason: the provider's OAuth error code, or openid-client's own. */
function reasonOf(error: unknown): string | undefined {
  if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) {
    return error.error;
  }
  if (error instanceof client.ClientError) return error.code;
  return undefined;
}

const stringClaim = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
// Some providers send email_verified as the string "true".
const trueClaim = (value: unknown): boolean => value === true || value === 'true';

const transient = retry(handleWhen(isUnavailable), {
  maxAttempts: 1,
  backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 400 }),
});

/** Social login over OpenID Connect: authorization code flow with PKCE (S256), state and nonce. */
export class SocialLogin {
  readonly #providers: Map<string, OidcProviderConfig>;
  readonly #store: PendingLoginStore;
  readonly #clock: { now(): Date };
  readonly #ttlMs: number;
  readonly #insecure: boolean;
  readonly #timeoutSeconds: number;
  readonly #configurations = new Map<string, Promise<client.Configuration>>();

  constructor(options: SocialLoginOptions) {
    this.#providers = new Map();
    for (const provider of options.providers) {
      if (!providerName.test(provider.name)) throw new Error(`Invalid OIDC provider name: ${provider.name}`);
      if (this.#providers.has(provider.name)) throw new Error(`Duplicate OIDC provider: ${provider.name}`);
      const redirect = new URL(provider.redirect_uri);
      if (redirect.search || redirect.hash) {
        throw new Error(`The redirect_uri of OIDC provider ${provider.name} must have no query or fragment`);
      }
      this.#providers.set(provider.name, provider);
    }
    this.#store = options.store;
    this.#clock = options.clock;
    this.#ttlMs = (options.pendingTtlSeconds ?? 600) * 1000;
    this.#insecure = options.allowInsecureRequests ?? false;
    this.#timeoutSeconds = options.timeoutSeconds ?? 10;
  }

  providers(): string[] {
    return [...this.#providers.keys()];
  }

  async begin(provider: string, { tenantId }: { tenantId: string | null }): Promise<BeginLogin> {
    const settings = this.#provider(provider);
    const configuration = await this.#configuration(settings);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const code_verifier = client.randomPKCECodeVerifier();
    const expires_at = new Date(this.#clock.now().getTime() + this.#ttlMs);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirect_uri,
      scope: (settings.scopes ?? defaultScopes).join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    await this.#store.save({
      state,
      provider: settings.name,
      nonce,
      code_verifier,
      tenant_id: tenantId,
      expires_at,
    });
    return { authorization_url: url.href, state, expires_at: expires_at.toISOString() };
  }

  async complete(
    provider: string,
    callback: LoginCallback,
  ): Promise<{ identity: SocialIdentity; tenantId: string | null }> {
    const settings = this.#provider(provider);
    // Before taking the state: a provider that cannot be reached must not use it up.
    const configuration = await this.#configuration(settings);
    const pending = callback.state ? await this.#store.take(callback.state, this.#clock.now()) : null;
    // A state begun for another provider is consumed too: it was used where it does not belong.
    if (!pending || pending.provider !== settings.name) {
      throw fail('invalid_oauth_state', 'The sign-in request is unknown, used or expired; start again.', {
        details: { provider: settings.name },
      });
    }
    const currentUrl = new URL(settings.redirect_uri);
    for (const key of ['code', 'state', 'iss', 'error'] as const) {
      const value = callback[key];
      if (value !== undefined) currentUrl.searchParams.set(key, value);
    }

    // Providers that follow OIDC Core §5.4 put e-mail claims in userinfo, not the ID token.
    const { idToken, contact } = await this.#call(settings, async () => {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw fail('oauth_failed', 'The sign-in provider sent no ID token.');
      if (stringClaim(idToken.email) || !configuration.serverMetadata().userinfo_endpoint) {
        return { idToken, contact: idToken as Record<string, unknown> };
      }
      const userInfo = await transient.execute(() =>
        client.fetchUserInfo(configuration, tokens.access_token, idToken.sub),
      );
      return { idToken, contact: userInfo as Record<string, unknown> };
    });
    const email = stringClaim(contact.email);
    return {
      identity: {
        provider: settings.name,
        subject: idToken.sub,
        email,
        email_verified: email !== null && trueClaim(contact.email_verified),
        name: stringClaim(idToken.name) ?? stringClaim(contact.name),
      },
      tenantId: pending.tenant_id,
    };
  }

  #provider(name: string): OidcProviderConfig {
    const settings = this.#providers.get(name);
    if (!settings)
      throw fail('unknown_provider', 'No such sign-in provider.', { details: { provider: name } });
    return settings;
  }

  /** Discovers the provider once; a failed discovery is forgotten, so the next call tries again. */
  #configuration(settings: OidcProviderConfig): Promise<client.Configuration> {
    const known = this.#configurations.get(settings.name);
    if (known) return known;
    const discovered = this.#discover(settings);
    this.#configurations.set(settings.name, discovered);
    discovered.catch(() => this.#configurations.delete(settings.name));
    return discovered;
  }

  async #discover(settings: OidcProviderConfig): Promise<client.Configuration> {
    try {
      const configuration = await transient.execute(() =>
        client.discovery(
          new URL(settings.issuer),
          settings.client_id,
          settings.client_secret ? { client_secret: settings.client_secret } : {},
          settings.client_secret ? client.ClientSecretBasic(settings.client_secret) : client.None(),
          { timeout: this.#timeoutSeconds, execute: this.#insecure ? [client.allowInsecureRequests] : [] },
        ),
      );
      configuration.timeout = this.#timeoutSeconds;
      return configuration;
    } catch (error) {
      // Unreachable or misconfigured (wrong issuer, no discovery document): an outage to the user.
      throw fail('provider_unavailable', 'The sign-in provider cannot be reached; try again later.', {
        details: { provider: settings.name, reason: reasonOf(error) },
        cause: error instanceof TypeError || error instanceof DOMException ? error : undefined,
      });
    }
  }

  /** Runs a call to the provider and turns its failures into domain errors. */
  async #call<T>(settings: OidcProviderConfig, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isDomainError(error)) throw error;
      const details = { provider: settings.name, reason: reasonOf(error) };
      if (isUnavailable(error)) {
        throw fail('provider_unavailable', 'The sign-in provider cannot be reached; try again later.', {
          details,
          cause: error instanceof TypeError || error instanceof DOMException ? error : undefined,
        });
      }
      // Never the error itself as cause: openid-client attaches token responses and claims to it.
      throw fail('oauth_failed', 'The sign-in provider did not confirm who you are.', { details });
    }
  }
}
