import type { Database } from '@brigade/db';
import type { Clock, Logger, RequestContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { createEffectQueue, type EffectQueue } from '@brigade/messaging';

/**
 * Sends what inventory owes the menu (86 an item, size or option when an ingredient ran out, bring
 * it back on restock), written in inventory.menu_effects in the same transaction as the stock
 * change and sent through the menu contract after that transaction committed, in queue order
 * per item or option. One the menu no longer has counts as done.
 */
export type MenuEffects = EffectQueue;

interface EffectRow {
  id: string;
  tenant_id: string;
  kind: 'item' | 'variant' | 'option';
  target_id: string;
  available: boolean;
  correlation_id: string;
  attempts: number;
}

export function createMenuEffects(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  menu: () => MenuService;
}): MenuEffects {
  return createEffectQueue<EffectRow>({
    ...deps,
    table: 'inventory.menu_effects',
    key: 'target_id',
    columns: ['kind', 'available', 'correlation_id'],
    settledCodes: new Set([
      'item_not_found',
      'variant_not_found',
      'option_not_found',
      'modifier_option_not_found',
    ]),
    failure: 'inventory could not tell the menu',
    describe: (effect) => ({ target_id: effect.target_id, available: effect.available }),
    async send(effect) {
      const ctx: RequestContext = {
        tenantId: effect.tenant_id,
        actor: { kind: 'system', id: 'inventory', role: null, permissions: new Set(['*']) },
        requestId: `inventory-effect-${effect.id}`,
        correlationId: effect.correlation_id,
        idempotencyKey: null,
      };
      const input = { id: effect.target_id, available: effect.available };
      if (effect.kind === 'item') await deps.menu().setItemAvailability(ctx, input);
      else if (effect.kind === 'variant') await deps.menu().setVariantAvailability(ctx, input);
      else await deps.menu().setOptionAvailability(ctx, input);
    },
  });
}
