import type { AppModule } from '@brigade/http';
import { defineModule } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import { AccountStatus } from './account-status.js';
import { createApiKeys } from './api-keys.service.js';
import { AuditTrail } from './audit.js';
import { identityAuthenticator } from './authenticator.js';
import { type IdentityService, identityEvents } from './contract/index.js';
import { createCustomerSignIn } from './customer-sign-in.js';
import { seedDemoStaff } from './demo.seed.js';
import { LoginThrottle } from './domain/login-throttle.js';
import { accessRoutes, jwksRoutes } from './http/access.routes.js';
import { authRoutes } from './http/auth.routes.js';
import { customerRoutes } from './http/customer.routes.js';
import { usersRoutes } from './http/users.routes.js';
import { defaultIdentityOptions, type IdentityOptions } from './options.js';
import { OtpChallenges } from './otp/otp-challenges.js';
import { createSessions } from './sessions.service.js';
import { smsProviderFor } from './sms/sms-providers.js';
import { SocialLogin } from './social/oidc.js';
import { PostgresPendingLoginStore } from './social/pending-logins.table.js';
import { restaurantActivationChanged } from './subscribers/restaurant-activation-changed.subscriber.js';
import { TenantStatus } from './tenant-status.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { RefreshTokens } from './tokens/refresh-tokens.js';
import { SigningKeys } from './tokens/signing-keys.js';
import { createUsers } from './users.service.js';

export { demoLogins } from './demo.seed.js';
export { defaultIdentityOptions, developmentSecret, type IdentityOptions } from './options.js';

/** Identity and access (issue 4): users, roles, tokens, API keys, OTP and social sign-in, audit. */
export function identityModule(overrides: Partial<IdentityOptions> = {}): AppModule<IdentityService> {
  const options = { ...defaultIdentityOptions, ...overrides };
  return defineModule({
    name: 'identity',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(identityEvents),
    create({ db, clock, log, publish, services }) {
      const tenants = () => services<TenantsService>('tenants');
      const tenantStatus = new TenantStatus(tenants, clock, options.statusCacheSeconds * 1000);
      const accountStatus = new AccountStatus(db, clock, options.statusCacheSeconds * 1000);
      const audit = new AuditTrail(db, clock);
      const keys = new SigningKeys(db, clock, {
        secret: options.secret,
        publishForSeconds: options.accessTokenTtlSeconds + 120,
      });
      const accessTokens = new AccessTokens(keys, clock, {
        issuer: options.issuer,
        audience: options.audience,
        ttlSeconds: options.accessTokenTtlSeconds,
      });
      const refreshTokens = new RefreshTokens(clock, {
        idleSeconds: options.refreshIdleTtlSeconds,
        absoluteSeconds: options.refreshAbsoluteTtlSeconds,
      });
      const throttle = new LoginThrottle(clock, {
        maxFailures: options.loginMaxFailures,
        windowSeconds: options.lockoutSeconds,
        lockSeconds: options.lockoutSeconds,
      });
      const sessions = createSessions({
        db,
        clock,
        publish,
        audit,
        accessTokens,
        refreshTokens,
        throttle,
        tenantStatus,
        tenants,
        accountStatus,
        signupEnabled: options.signupEnabled,
      });
      const users = createUsers({ db, clock, publish, audit, refreshTokens, tenantStatus, accountStatus });
      const apiKeys = createApiKeys({
        db,
        clock,
        audit,
        tenantStatus,
        cacheMs: options.statusCacheSeconds * 1000,
      });
      const customers = createCustomerSignIn({
        db,
        clock,
        publish,
        audit,
        sessions,
        tenantStatus,
        otp: new OtpChallenges({ db, clock, secret: options.secret, sms: smsProviderFor(options.sms, log) }),
        social: new SocialLogin({
          providers: options.oidcProviders,
          store: new PostgresPendingLoginStore(db),
          clock,
          allowInsecureRequests: options.allowInsecureOidc,
        }),
      });

      const service: IdentityService = {
        signup: sessions.signup,
        login: sessions.login,
        refresh: sessions.refresh,
        logout: sessions.logout,
        validateToken: sessions.validateToken,
        me: sessions.me,
        changePassword: sessions.changePassword,
        requestOtp: (_ctx, input) => customers.requestOtp(input),
        verifyOtp: customers.verifyOtp,
        socialProviders: customers.providers,
        beginSocialLogin: (_ctx, { provider, ...restaurant }) => customers.beginSocial(provider, restaurant),
        completeSocialLogin: (ctx, { provider, ...callback }) =>
          customers.completeSocial(ctx, provider, callback),
        createUser: users.createUser,
        getUser: users.getUser,
        listUsers: users.listUsers,
        updateUser: users.updateUser,
        resetPassword: users.resetPassword,
        createApiKey: apiKeys.create,
        listApiKeys: apiKeys.list,
        revokeApiKey: apiKeys.revoke,
        listAudit: (ctx, input) => audit.list(ctx, input),
        jwks: () => keys.jwks(),
        async rotateSigningKey(ctx) {
          const kid = await keys.rotate();
          await audit.recordAlone(ctx, { action: 'signing_key_rotated', tenantId: null, subjectId: kid });
          return { kid };
        },
      };
      return {
        service,
        routes: async (app) => {
          const limits = { signInPerIpPerMinute: options.signInPerIpPerMinute };
          await app.register(authRoutes(service, limits));
          await app.register(customerRoutes(service, limits));
          await app.register(usersRoutes(service));
          await app.register(accessRoutes(service));
        },
        rootRoutes: jwksRoutes(service),
        authenticate: identityAuthenticator({ accessTokens, apiKeys, tenantStatus, accountStatus }),
        subscribers: [restaurantActivationChanged({ refreshTokens, tenantStatus })],
        seed: () => seedDemoStaff(service, users, clock),
      };
    },
  });
}
