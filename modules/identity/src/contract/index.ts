import type { Page, RequestContext } from '@brigade/kernel';
import type {
  ApiKey,
  AuditEntry,
  CreateApiKey,
  CreateUser,
  ListAudit,
  ListUsers,
  Login,
  OtpSent,
  RequestOtp,
  Signup,
  SocialAuthorization,
  SocialCallback,
  TokenInfo,
  TokenResponse,
  UpdateUser,
  User,
  VerifyOtp,
} from './schemas.js';

export type { Page } from '@brigade/kernel';
export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';

/** The identity module's contract: who people are, how they sign in, what they may do. */
export interface IdentityService {
  signup(ctx: RequestContext, input: Signup): Promise<TokenResponse>;
  login(ctx: RequestContext, input: Login): Promise<TokenResponse>;
  refresh(ctx: RequestContext, refreshToken: string): Promise<TokenResponse>;
  logout(ctx: RequestContext, input: { refresh_token?: string | undefined; all?: boolean }): Promise<void>;
  validateToken(token: string): Promise<TokenInfo>;
  me(ctx: RequestContext): Promise<User>;
  changePassword(
    ctx: RequestContext,
    input: { current_password: string; new_password: string },
  ): Promise<void>;

  /** Customer sign-in by phone (seed 003): a code by SMS, then the code for tokens. */
  requestOtp(ctx: RequestContext, input: RequestOtp): Promise<OtpSent>;
  verifyOtp(ctx: RequestContext, input: VerifyOtp): Promise<TokenResponse>;
  /** OpenID Connect sign-in (authorization code + PKCE), per configured provider. */
  socialProviders(): string[];
  beginSocialLogin(
    ctx: RequestContext,
    input: { provider: string; tenant_id?: string | undefined; restaurant?: string | undefined },
  ): Promise<SocialAuthorization>;
  completeSocialLogin(ctx: RequestContext, input: SocialCallback): Promise<TokenResponse>;

  createUser(ctx: RequestContext, input: CreateUser): Promise<User>;
  getUser(ctx: RequestContext, input: { id: string }): Promise<User>;
  listUsers(ctx: RequestContext, input: ListUsers): Promise<Page<User>>;
  updateUser(
    ctx: RequestContext,
    input: { id: string; changes: UpdateUser; expected_version?: number },
  ): Promise<User>;
  resetPassword(
    ctx: RequestContext,
    input: { id: string; new_password?: string | undefined },
  ): Promise<{ temporary_password: string | null }>;

  createApiKey(ctx: RequestContext, input: CreateApiKey): Promise<ApiKey & { key: string }>;
  listApiKeys(ctx: RequestContext): Promise<Page<ApiKey>>;
  revokeApiKey(ctx: RequestContext, input: { id: string }): Promise<void>;

  listAudit(ctx: RequestContext, input: ListAudit): Promise<Page<AuditEntry>>;

  /** The public keys access tokens are verified with (JWKS). */
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
  rotateSigningKey(ctx: RequestContext): Promise<{ kid: string }>;
}
