import type { Tx } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { and, eq } from 'drizzle-orm';
import { syncList } from './sync-list.js';
import { type ModifierOptionRow, modifierOptions } from './tables.js';

/**
 * What one of the group's options should be: `existing` is the live option it updates, if any.
 * Availability left undefined keeps an existing option's (a new one is available).
 */
export interface OptionPlan {
  existing: ModifierOptionRow | undefined;
  name: string;
  price_delta: number;
  opens_group_id: string | null;
  is_available?: boolean | undefined;
}

/**
 * Makes the group's live options exactly `wanted`, in order, inside the caller's transaction:
 * options of `current` no plan keeps are soft-deleted, the rest updated or inserted. Shared by
 * the modifier service and the bulk import. Returns whether anything changed.
 */
export async function syncOptions(
  tx: Tx,
  tenantId: string,
  groupId: string,
  current: ModifierOptionRow[],
  wanted: OptionPlan[],
  now: Date,
): Promise<boolean> {
  return syncList(current, wanted, {
    async remove(gone) {
      await tx
        .update(modifierOptions)
        .set({ deletedAt: now, updatedAt: now })
        .where(and(eq(modifierOptions.tenantId, tenantId), eq(modifierOptions.id, gone.id)));
    },
    async insert(option, position) {
      await tx.insert(modifierOptions).values({
        tenantId,
        id: newId(),
        groupId,
        name: option.name,
        priceDelta: option.price_delta,
        isAvailable: option.is_available ?? true,
        opensGroupId: option.opens_group_id,
        position,
        createdAt: now,
        updatedAt: now,
      });
    },
    async update(existing, option, position) {
      const next = {
        name: option.name,
        priceDelta: option.price_delta,
        opensGroupId: option.opens_group_id,
        isAvailable: option.is_available ?? existing.isAvailable,
        position,
      };
      const same =
        existing.name === next.name &&
        existing.priceDelta === next.priceDelta &&
        existing.opensGroupId === next.opensGroupId &&
        existing.isAvailable === next.isAvailable &&
        existing.position === next.position;
      if (same) return false;
      await tx
        .update(modifierOptions)
        .set({ ...next, updatedAt: now })
        .where(and(eq(modifierOptions.tenantId, tenantId), eq(modifierOptions.id, existing.id)));
      return true;
    },
  });
}
