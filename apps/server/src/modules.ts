import { analyticsModule } from '@brigade/analytics/module';
import { floorModule } from '@brigade/floor/module';
import type { AppModule } from '@brigade/http';
import { developmentSecret, type IdentityOptions, identityModule } from '@brigade/identity/module';
import { inventoryModule } from '@brigade/inventory/module';
import { kitchenModule } from '@brigade/kitchen/module';
import { menuModule } from '@brigade/menu/module';
import { ordersModule } from '@brigade/orders/module';
import { paymentsModule } from '@brigade/payments/module';
import { tenantsModule } from '@brigade/tenants/module';
import type { Config } from './config.js';

/** Every module this build ships, in dependency order, configured from `config`. */
export function modulesFor(config: Config): AppModule[] {
  return [
    tenantsModule as AppModule,
    identityModule(identityOptions(config)) as AppModule,
    menuModule as AppModule,
    floorModule({
      publicBaseUrl:
        config.PUBLIC_BASE_URL ??
        `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`,
      // Domain-separated inside the floor module (its HMAC input names the purpose).
      ...(config.AUTH_SECRET && { qrSecret: config.AUTH_SECRET }),
    }) as AppModule,
    // Tracking tokens are domain-separated inside the orders module too.
    ordersModule({ ...(config.AUTH_SECRET && { trackingSecret: config.AUTH_SECRET }) }) as AppModule,
    kitchenModule() as AppModule,
    inventoryModule() as AppModule,
    // Provider secrets are sealed under a key derived from AUTH_SECRET (domain-separated).
    paymentsModule({
      ...(config.AUTH_SECRET && { secret: config.AUTH_SECRET }),
      publicBaseUrl: config.PUBLIC_BASE_URL ?? null,
    }) as AppModule,
    analyticsModule as AppModule,
  ];
}

/** The modules with their defaults: for migrations, the catalogue and tests. */
export const allModules: AppModule[] = [
  tenantsModule as AppModule,
  identityModule() as AppModule,
  menuModule as AppModule,
  floorModule() as AppModule,
  ordersModule() as AppModule,
  kitchenModule() as AppModule,
  inventoryModule() as AppModule,
  paymentsModule() as AppModule,
  analyticsModule as AppModule,
];

export function identityOptions(config: Config): Partial<IdentityOptions> {
  const sms = config.SMS_PROVIDER ?? (config.NODE_ENV === 'production' ? 'disabled' : 'console');
  return {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    secret: config.AUTH_SECRET ?? developmentSecret,
    accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    refreshIdleTtlSeconds: config.AUTH_REFRESH_IDLE_TTL_SECONDS,
    refreshAbsoluteTtlSeconds: config.AUTH_REFRESH_ABSOLUTE_TTL_SECONDS,
    signupEnabled: config.AUTH_SIGNUP_ENABLED,
    loginMaxFailures: config.AUTH_LOGIN_MAX_FAILURES,
    lockoutSeconds: config.AUTH_LOCKOUT_SECONDS,
    signInPerIpPerMinute: config.AUTH_SIGN_IN_PER_IP_PER_MINUTE,
    sms:
      sms === 'twilio'
        ? {
            provider: 'twilio',
            accountSid: config.TWILIO_ACCOUNT_SID!,
            authToken: config.TWILIO_AUTH_TOKEN!,
            from: config.TWILIO_FROM!,
            baseUrl: config.TWILIO_BASE_URL,
          }
        : { provider: sms },
    oidcProviders: config.OIDC_PROVIDERS,
    allowInsecureOidc: config.NODE_ENV !== 'production',
  };
}
