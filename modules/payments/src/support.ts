import type { Database, Tx } from '@brigade/db';
import type { FloorService } from '@brigade/floor';
import { type Clock, type Logger, type RequestContext, systemContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { OrdersService } from '@brigade/orders';
import type { TenantsService } from '@brigade/tenants';
import { paymentsErrors as fail } from './contract/index.js';
import type { PaymentsOptions } from './options.js';
import type { ProviderCache } from './providers/registry.js';
import type { SecretBox } from './secrets.js';

export interface PaymentsDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  publish: Publish;
  orders: () => OrdersService;
  floor: () => FloorService;
  tenants: () => TenantsService;
  options: PaymentsOptions;
  box: SecretBox;
  providers: ProviderCache;
}

/** A transaction of the payments module, with what its helpers need. */
export interface PaymentsTx {
  tx: Tx;
  ctx: RequestContext;
  tenantId: string;
  deps: PaymentsDeps;
}

/** The restaurant a call acts for: payments belong to one. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Payments belong to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/** Who did it, as rows record it. */
export const actorOf = (ctx: RequestContext) =>
  ctx.actor.id ?? (ctx.actor.kind === 'system' ? 'system' : null);

/** Calls into other modules on the restaurant's behalf. */
export const on = (tenantId: string, ctx: RequestContext) => systemContext(tenantId, ctx.correlationId);

export const iso = (value: Date) => value.toISOString();
export const isoOrNull = (value: Date | null) => (value ? value.toISOString() : null);
