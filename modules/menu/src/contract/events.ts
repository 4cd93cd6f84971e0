import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';

/** What changes the menu guests see: the staff feed and the restaurant's `menu` channel. */
const guestMenu = () => ['staff', 'menu'];

export const menuEvents = {
  categoryCreated: defineEvent(
    'menu.category_created.v1',
    z.object({ category_id: z.uuid(), name: z.string(), position: z.number().int() }),
    'A menu category was created.',
  ),
  categoryUpdated: defineEvent(
    'menu.category_updated.v1',
    z.object({ category_id: z.uuid(), changed: z.array(z.string()) }),
    "A menu category's name, description or position changed; `changed` names the fields.",
  ),
  categoryDeleted: defineEvent(
    'menu.category_deleted.v1',
    z.object({ category_id: z.uuid() }),
    'A menu category was deleted (it had no items left).',
  ),
  itemCreated: defineEvent(
    'menu.item_created.v1',
    z.object({
      item_id: z.uuid(),
      category_id: z.uuid(),
      name: z.string(),
      price: z.number().int(),
      is_available: z.boolean(),
      station: z.string().nullable(),
    }),
    'A menu item was created. Prices in minor units of the restaurant currency.',
  ),
  itemUpdated: defineEvent(
    'menu.item_updated.v1',
    z.object({ item_id: z.uuid(), version: z.number().int(), changed: z.array(z.string()) }),
    'A menu item changed; `changed` names the fields. Price changes also emit item_price_changed.',
  ),
  itemPriceChanged: defineEvent(
    'menu.item_price_changed.v1',
    z.object({
      item_id: z.uuid(),
      /** Null for the item's own price. */
      variant_id: z.uuid().nullable(),
      old_price: z.number().int(),
      new_price: z.number().int(),
      changed_by: z.string().nullable(),
    }),
    'The price of a menu item (variant_id null) or of one of its variants changed, in minor units.',
  ),
  itemAvailabilityChanged: defineEvent(
    'menu.item_availability_changed.v1',
    z.object({
      item_id: z.uuid(),
      name: z.string(),
      is_available: z.boolean(),
      station: z.string().nullable(),
    }),
    'A menu item was 86ed (is_available false) or is back; pushed to the staff feed at once.',
    { channels: guestMenu },
  ),
  variantAvailabilityChanged: defineEvent(
    'menu.variant_availability_changed.v1',
    z.object({
      variant_id: z.uuid(),
      item_id: z.uuid(),
      name: z.string(),
      item_name: z.string(),
      is_available: z.boolean(),
    }),
    'One size of a menu item was 86ed (is_available false) or is back; the other sizes still sell.',
    { channels: guestMenu },
  ),
  itemDeleted: defineEvent(
    'menu.item_deleted.v1',
    z.object({ item_id: z.uuid() }),
    'A menu item was deleted (soft: its id is never reused and stays in past orders).',
  ),
  modifierGroupCreated: defineEvent(
    'menu.modifier_group_created.v1',
    z.object({ group_id: z.uuid(), name: z.string() }),
    'A modifier group (with its options) was created.',
  ),
  modifierGroupUpdated: defineEvent(
    'menu.modifier_group_updated.v1',
    z.object({ group_id: z.uuid(), version: z.number().int(), changed: z.array(z.string()) }),
    'A modifier group, its rules or its options changed; `changed` names the fields.',
  ),
  modifierGroupDeleted: defineEvent(
    'menu.modifier_group_deleted.v1',
    z.object({ group_id: z.uuid() }),
    'A modifier group was deleted (no item offered it and no option opened it).',
  ),
  optionAvailabilityChanged: defineEvent(
    'menu.option_availability_changed.v1',
    z.object({ option_id: z.uuid(), group_id: z.uuid(), name: z.string(), is_available: z.boolean() }),
    'A modifier option was 86ed (is_available false) or is back; pushed to the staff feed at once.',
    { channels: guestMenu },
  ),
  versionPublished: defineEvent(
    'menu.version_published.v1',
    z.object({
      version: z.number().int(),
      note: z.string().nullable(),
      published_by: z.string().nullable(),
      /** Items in the version. */
      item_count: z.number().int(),
    }),
    'The draft menu was published as a new immutable version, which guests see and orders are priced from now.',
    { channels: guestMenu },
  ),
  versionRestored: defineEvent(
    'menu.version_restored.v1',
    z.object({
      version: z.number().int(),
      /** The version that was live before (null when none was). */
      restored_from: z.number().int().nullable(),
      restored_by: z.string().nullable(),
    }),
    'An earlier published menu version was made live again (rollback).',
    { channels: guestMenu },
  ),
};
