import { contextTx, type Database, type Tx } from '@brigade/db';
import type { Clock, RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { inventoryErrors as fail } from './contract/index.js';
import type { MenuEffects } from './menu-effects.js';

export interface InventoryDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  effects: MenuEffects;
}

/** One inventory transaction: the caller, its restaurant, the clock and the publisher. */
export interface StockTx {
  tx: Tx;
  ctx: RequestContext;
  tenantId: string;
  clock: Clock;
  publish: Publish;
  /** The event being handled, when a subscriber works (its causation id). */
  causationId?: string | null;
  /** Called when a menu effect is queued: the queue is woken once the work committed. */
  effectQueued?: () => void;
}

/** The restaurant a call acts for: inventory has no platform-wide view. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Inventory belongs to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/** Who a movement names: the user, the API key or the system job. */
export const actorOf = (ctx: RequestContext): string =>
  ctx.actor.kind === 'system' ? 'system' : `${ctx.actor.kind}:${ctx.actor.id ?? 'unknown'}`;

/** Runs `fn` in ctx's restaurant; afterwards the menu effects it queued (if any) are sent. */
export async function inTenant<T>(deps: InventoryDeps, ctx: RequestContext, fn: (s: StockTx) => Promise<T>) {
  const tenantId = tenantOf(ctx);
  let queued = false;
  const result = await contextTx(deps.db, ctx, (tx) =>
    fn({
      tx,
      ctx,
      tenantId,
      clock: deps.clock,
      publish: deps.publish,
      effectQueued: () => {
        queued = true;
      },
    }),
  );
  if (queued) deps.effects.wake();
  return result;
}

/** Read-only work in ctx's restaurant. */
export function reading<T>(
  deps: InventoryDeps,
  ctx: RequestContext,
  fn: (tx: Tx, tenantId: string) => Promise<T>,
) {
  const tenantId = tenantOf(ctx);
  return contextTx(deps.db, ctx, (tx) => fn(tx, tenantId));
}
