import type { Database } from '@brigade/db';
import type { FloorService } from '@brigade/floor';
import { type Clock, hasPermission, type RequestContext, systemContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { ordersPermissions as can, ordersErrors as fail } from './contract/index.js';
import type { OrdersOptions } from './options.js';

export interface OrdersDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  menu: () => MenuService;
  floor: () => FloorService;
  tenants: () => TenantsService;
  options: OrdersOptions;
}

/** The restaurant a write belongs to: staff calls carry it; the platform admin acts for none. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Orders belong to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/** A signed-in customer, who sees and places only their own orders. */
export const readsOwnOnly = (ctx: RequestContext) =>
  !hasPermission(ctx.actor, can.read) && hasPermission(ctx.actor, can.readOwn);
export const createsOwnOnly = (ctx: RequestContext) =>
  !hasPermission(ctx.actor, can.write) && hasPermission(ctx.actor, can.createOwn);

/** Who made a change, as history and events record it. */
export function actorName(ctx: RequestContext, fallback = 'guest'): string {
  if (ctx.actor.id) return ctx.actor.id;
  return ctx.actor.kind === 'system' ? 'system' : fallback;
}

/** Calls into other modules on the restaurant's behalf (guests carry no tenant of their own). */
export const on = (tenantId: string, ctx: RequestContext) => systemContext(tenantId, ctx.correlationId);
