import { boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const menuSchema = pgSchema('menu');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const categories = menuSchema.table('categories', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  position: integer('position').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});

export const items = menuSchema.table('items', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  categoryId: uuid('category_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  price: integer('price').notNull(),
  costPrice: integer('cost_price'),
  taxCategory: text('tax_category'),
  imageUrl: text('image_url'),
  allergens: text('allergens').array().notNull(),
  dietaryTags: text('dietary_tags').array().notNull(),
  station: text('station'),
  prepTimeSeconds: integer('prep_time_seconds'),
  isAvailable: boolean('is_available').notNull(),
  position: integer('position').notNull(),
  version: integer('version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});

export const variants = menuSchema.table('variants', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  itemId: uuid('item_id').notNull(),
  name: text('name').notNull(),
  price: integer('price').notNull(),
  position: integer('position').notNull(),
  isAvailable: boolean('is_available').notNull().default(true),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});

export const modifierGroups = menuSchema.table('modifier_groups', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  minSelect: integer('min_select').notNull(),
  maxSelect: integer('max_select').notNull(),
  isRequired: boolean('is_required').notNull(),
  version: integer('version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});

export const modifierOptions = menuSchema.table('modifier_options', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  groupId: uuid('group_id').notNull(),
  name: text('name').notNull(),
  priceDelta: integer('price_delta').notNull(),
  isAvailable: boolean('is_available').notNull(),
  opensGroupId: uuid('opens_group_id'),
  position: integer('position').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});

export const itemModifierGroups = menuSchema.table('item_modifier_groups', {
  tenantId: uuid('tenant_id').notNull(),
  itemId: uuid('item_id').notNull(),
  groupId: uuid('group_id').notNull(),
  position: integer('position').notNull(),
});

export const priceHistory = menuSchema.table('price_history', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  itemId: uuid('item_id').notNull(),
  variantId: uuid('variant_id'),
  oldPrice: integer('old_price'),
  newPrice: integer('new_price').notNull(),
  changedBy: text('changed_by'),
  changedAt: at('changed_at').notNull(),
});

/** Published, immutable snapshots of the menu (append-only: a trigger refuses UPDATE and DELETE). */
export const versions = menuSchema.table('versions', {
  tenantId: uuid('tenant_id').notNull(),
  version: integer('version').notNull(),
  publishedAt: at('published_at').notNull(),
  publishedBy: text('published_by'),
  note: text('note'),
  snapshot: jsonb('snapshot').notNull(),
});

/** The version a restaurant's guests see and its orders are priced from. */
export const liveVersion = menuSchema.table('live_version', {
  tenantId: uuid('tenant_id').notNull(),
  version: integer('version').notNull(),
  madeLiveByAction: text('made_live_by_action').$type<'published' | 'restored'>().notNull(),
  madeLiveAt: at('made_live_at').notNull(),
  madeLiveBy: text('made_live_by'),
});

export type CategoryRow = typeof categories.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type ModifierGroupRow = typeof modifierGroups.$inferSelect;
export type ModifierOptionRow = typeof modifierOptions.$inferSelect;
export type PriceChangeRow = typeof priceHistory.$inferSelect;
