import { queryRows } from '@brigade/db';
import type { RequestContext } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import { inventoryEvents as events, type InventorySweepResult } from './contract/index.js';
import { loadSettings } from './db/rows.js';
import { expiringLots, toExpiringLot } from './stock.service.js';
import type { InventoryDeps } from './support.js';

/**
 * One pass of the background sweep: lots expiring within each restaurant's warning window get
 * inventory.lot_expiring.v1 (once per lot), and pending 86 / un-86 effects go to the menu.
 * Across every restaurant for a system context without one, else for ctx's restaurant.
 */
export function createSweep(deps: InventoryDeps) {
  const { db, clock, publish } = deps;

  async function alertLots(ctx: RequestContext, tenantId: string): Promise<number> {
    return db.tenantTx(tenantId, async (tx) => {
      const settings = await loadSettings(tx, tenantId);
      const lots = await expiringLots(
        tx,
        clock.now().toISOString().slice(0, 10),
        settings.expiry_warning_days,
        true,
      );
      for (const lot of lots) {
        await tx.execute(
          sql`update inventory.lots set alerted_at = ${clock.now().toISOString()} where id = ${lot.id}`,
        );
        await publish(tx, { ...ctx, tenantId }, events.lotExpiring, toExpiringLot(lot), {
          aggregateId: lot.ingredient_id,
        });
      }
      return lots.length;
    });
  }

  return async function sweep(ctx: RequestContext): Promise<InventorySweepResult> {
    const tenants = ctx.tenantId
      ? [ctx.tenantId]
      : (
          await db.platformTx((tx) =>
            queryRows<{ tenant_id: string }>(
              tx,
              sql`select distinct tenant_id from inventory.lots
                  where remaining > 0 and alerted_at is null and expires_on is not null
                    and expires_on <= ${clock.now().toISOString().slice(0, 10)}::date + 365`,
            ),
          )
        ).map((row) => row.tenant_id);
    let lotsAlerted = 0;
    for (const tenantId of tenants) lotsAlerted += await alertLots(ctx, tenantId);
    return { lots_alerted: lotsAlerted, menu_effects_sent: await deps.effects.drain(ctx.tenantId) };
  };
}
