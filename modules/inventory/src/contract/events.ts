import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';
import { transactionTypes, unitSchema } from './schemas.js';

/** Inventory alerts go to the staff feed (back office, managers' screens). */
const staff = () => ['staff'];

const ingredientRef = {
  ingredient_id: z.uuid(),
  name: z.string(),
  /** The level now, in `unit`. */
  quantity: z.number(),
  unit: unitSchema,
};

export const inventoryEvents = {
  levelChanged: defineEvent(
    'inventory.level_changed.v1',
    z.object({
      ...ingredientRef,
      /** The movement, signed, in `unit`. */
      change: z.number(),
      transaction_type: z.enum(transactionTypes),
      transaction_id: z.uuid(),
    }),
    'A stock movement changed an ingredient level (seed 001 InventoryLevelChanged; not published for order consumption, which moves many levels at once).',
  ),
  stockReceived: defineEvent(
    'inventory.stock_received.v1',
    z.object({
      purchase_order_id: z.uuid(),
      supplier_id: z.uuid(),
      status: z.string(),
      lines: z.array(
        z.object({
          ingredient_id: z.uuid(),
          quantity: z.number(),
          unit: unitSchema,
          unit_cost: z.number().int(),
        }),
      ),
    }),
    'Goods of a purchase order were received from the supplier (seed 001 IngredientReceivedFromSupplier).',
    { channels: staff },
  ),
  stockAdjusted: defineEvent(
    'inventory.stock_adjusted.v1',
    z.object({
      ...ingredientRef,
      delta: z.number(),
      reason: z.string(),
      count_id: z.uuid().nullable(),
    }),
    'A level was corrected by an adjustment or a posted stock count (seed 001 InventoryAdjusted).',
  ),
  lowStockDetected: defineEvent(
    'inventory.low_stock_detected.v1',
    z.object({ ...ingredientRef, reorder_point: z.number() }),
    'An ingredient fell to or below its reorder point: once per crossing (re-armed when it rises above it again). Seed 001 LowStockAlert, seed 003 inventory.low_stock.',
    { channels: staff },
  ),
  itemDepleted: defineEvent(
    'inventory.item_depleted.v1',
    z.object({
      ...ingredientRef,
      /** What an order needed beyond the stock, in `unit` (0 when it just ran out). */
      shortage: z.number(),
      order_id: z.uuid().nullable(),
      /** Menu items, sizes and modifier options that can no longer be made: they are 86ed through the menu. */
      menu_item_ids: z.array(z.uuid()),
      variant_ids: z.array(z.uuid()).default([]),
      option_ids: z.array(z.uuid()),
    }),
    'An ingredient can no longer cover a portion of what uses it: those menu items, sizes and options are 86ed (after the change commits).',
    { channels: staff },
  ),
  itemRestocked: defineEvent(
    'inventory.item_restocked.v1',
    z.object({
      ...ingredientRef,
      menu_item_ids: z.array(z.uuid()),
      variant_ids: z.array(z.uuid()).default([]),
      option_ids: z.array(z.uuid()),
    }),
    'Stock is back for menu items, sizes and options inventory had 86ed: they are available again (a manual 86 stays).',
    { channels: staff },
  ),
  lotExpiring: defineEvent(
    'inventory.lot_expiring.v1',
    z.object({
      lot_id: z.uuid(),
      ingredient_id: z.uuid(),
      name: z.string(),
      lot_code: z.string().nullable(),
      expires_on: z.iso.date(),
      remaining: z.number(),
      unit: unitSchema,
    }),
    'A lot with stock left expires within the warning window (published once per lot).',
    { channels: staff },
  ),
};
