/**
 * A restaurant's payment methods: switches and public settings in clear, secrets sealed with
 * the module's SecretBox. Without a row a method has its default (cash on, the rest off or
 * missing keys).
 */
import type { Tx } from '@brigade/db';
import type { RequestContext } from '@brigade/kernel';
import { eq } from 'drizzle-orm';
import {
  type PaymentMethodName,
  type ProviderSettingsInput,
  type ProviderSettingsView,
  providerSettingsInputSchema,
} from './contract/index.js';
import { type ProviderSettingsRow, providerSettings } from './db/tables.js';
import type { TenantPaymentSettings } from './providers/registry.js';
import { actorOf, type PaymentsDeps, tenantOf } from './support.js';

/** Which fields of each method are secrets (sealed) and which are public (kept in clear). */
const fields: Record<PaymentMethodName, { secret: string[]; public: string[] }> = {
  cash: { secret: [], public: ['rounding'] },
  card_terminal: { secret: [], public: [] },
  stripe: { secret: ['secret_key', 'webhook_secret'], public: ['publishable_key'] },
  razorpay: { secret: ['key_secret', 'webhook_secret'], public: ['key_id', 'merchant_name'] },
};

const sealContext = (tenantId: string, provider: string) => `${tenantId}/${provider}`;

/** The restaurant's settings as the provider registry reads them (secrets opened). */
export async function loadSettings(
  deps: PaymentsDeps,
  tx: Tx,
  tenantId: string,
): Promise<TenantPaymentSettings> {
  const rows = await tx.select().from(providerSettings).where(eq(providerSettings.tenantId, tenantId));
  const settings: Record<string, Record<string, unknown>> = {};
  for (const row of rows) {
    const secrets = row.secretsEncrypted
      ? deps.box.open(row.secretsEncrypted, sealContext(tenantId, row.provider))
      : {};
    settings[row.provider] = { ...row.config, ...secrets, enabled: row.enabled };
  }
  return settings as TenantPaymentSettings;
}

function view(deps: PaymentsDeps, row: ProviderSettingsRow): ProviderSettingsView {
  const secrets = row.secretsEncrypted
    ? deps.box.open(row.secretsEncrypted, sealContext(row.tenantId, row.provider))
    : {};
  const base = deps.options.publicBaseUrl;
  return {
    provider: row.provider,
    enabled: row.enabled,
    configured: [...Object.keys(row.config), ...Object.keys(secrets)].sort(),
    public: row.config,
    webhook_url:
      base && (row.provider === 'stripe' || row.provider === 'razorpay')
        ? `${base.replace(/\/$/, '')}/api/v1/payments/webhooks/${row.tenantId}/${row.provider}`
        : null,
    updated_at: row.updatedAt.toISOString(),
  };
}

/** PUT /payments/providers/{provider}: given fields replace stored ones; absent ones stay. */
export async function setProvider(
  deps: PaymentsDeps,
  ctx: RequestContext,
  input: { provider: PaymentMethodName } & ProviderSettingsInput,
): Promise<ProviderSettingsView> {
  const { provider, ...raw } = input;
  const parsed = providerSettingsInputSchema.parse(raw) as Record<string, unknown> & { enabled: boolean };
  const tenantId = tenantOf(ctx);
  const known = fields[provider];
  const row = await deps.db.tenantTx(tenantId, async (tx) => {
    const [current] = await tx
      .select()
      .from(providerSettings)
      .where(eq(providerSettings.tenantId, tenantId))
      .then((rows) => rows.filter((candidate) => candidate.provider === provider));
    const secrets: Record<string, string> = current?.secretsEncrypted
      ? deps.box.open(current.secretsEncrypted, sealContext(tenantId, provider))
      : {};
    const config: Record<string, unknown> = { ...(current?.config ?? {}) };
    for (const [name, value] of Object.entries(parsed)) {
      if (value === undefined || name === 'enabled') continue;
      if (known.secret.includes(name)) secrets[name] = String(value);
      else if (known.public.includes(name)) config[name] = value;
    }
    const values = {
      tenantId,
      provider,
      enabled: parsed.enabled,
      config,
      secretsEncrypted:
        Object.keys(secrets).length > 0 ? deps.box.seal(secrets, sealContext(tenantId, provider)) : null,
      updatedBy: actorOf(ctx),
      updatedAt: deps.clock.now(),
    };
    const [saved] = await tx
      .insert(providerSettings)
      .values(values)
      .onConflictDoUpdate({ target: [providerSettings.tenantId, providerSettings.provider], set: values })
      .returning();
    return saved!;
  });
  return view(deps, row);
}
