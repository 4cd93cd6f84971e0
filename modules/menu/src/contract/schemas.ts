import { pageInput } from '@brigade/kernel';
import { z } from 'zod';

/** Integer minor units (34900 = ₹349.00), never negative; at most 10 million major units. */
export const maxPrice = 1_000_000_000;
export const moneySchema = z.number().int('whole minor units (34900 = 349.00)').min(0).max(maxPrice);

const identifier = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case identifier such as gluten_free');
const uniqueIdentifiers = z
  .array(identifier)
  .max(20)
  .refine((list) => new Set(list).size === list.length, 'each value may appear once');
const position = z.number().int().min(0).max(100_000);
const name = (max: number) => z.string().trim().min(1).max(max);
const imageUrl = z
  .url({ protocol: /^https?$/ })
  .max(1000)
  .nullable();

// ---------------------------------------------------------------- categories

export const categorySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'MenuCategory' });

const categoryFields = {
  name: name(100),
  description: z.string().max(1000).nullable(),
  /** Where it sorts among the restaurant's categories; defaults to last. */
  position,
};

export const createCategorySchema = z
  .object({ ...categoryFields, description: categoryFields.description.default(null) })
  .partial({ position: true })
  .strict()
  .meta({ id: 'CreateMenuCategory' });

export const updateCategorySchema = z
  .object(categoryFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateMenuCategory' });

export const listCategoriesSchema = z.object({
  ...pageInput,
  q: z.string().max(100).optional(),
});

// ---------------------------------------------------------------- items

/** A size as published (menu versions keep these; availability is live state, not published). */
export const variantSchema = z
  .object({ id: z.uuid(), name: z.string(), price: z.number().int(), position: z.number().int() })
  .meta({ id: 'MenuVariant' });

/** A size as staff see it: with whether it is sold out (86) now. */
export const itemVariantSchema = variantSchema
  .extend({ is_available: z.boolean() })
  .meta({ id: 'MenuItemVariant' });

export const itemSchema = z
  .object({
    id: z.uuid(),
    category_id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    /** Minor units. With variants, the price of the item chosen without one (usually unused). */
    price: z.number().int(),
    cost_price: z.number().int().nullable(),
    tax_category: z.string().nullable(),
    image_url: z.string().nullable(),
    allergens: z.array(z.string()),
    dietary_tags: z.array(z.string()),
    station: z.string().nullable(),
    prep_time_seconds: z.number().int().nullable(),
    is_available: z.boolean(),
    position: z.number().int(),
    variants: z.array(itemVariantSchema),
    modifier_group_ids: z.array(z.uuid()),
    version: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'MenuItem' });

/** A variant in an item write: with `id`, that variant changes; without, a new one is made. */
export const variantInputSchema = z
  .object({ id: z.uuid().optional(), name: name(100), price: moneySchema })
  .strict();

const uniqueIds = (list: { id?: string | undefined }[]) => {
  const ids = list.flatMap((entry) => (entry.id ? [entry.id] : []));
  return new Set(ids).size === ids.length;
};

const itemFields = {
  category_id: z.uuid(),
  name: name(200),
  description: z.string().max(2000).nullable(),
  price: moneySchema,
  cost_price: moneySchema.nullable(),
  /** One of the restaurant's tax categories; null for its default. */
  tax_category: identifier.nullable(),
  image_url: imageUrl,
  allergens: uniqueIdentifiers,
  dietary_tags: uniqueIdentifiers,
  /** The kitchen station that prepares it, e.g. tandoor, grill, bar. */
  station: identifier.nullable(),
  /** Target preparation time in seconds. */
  prep_time_seconds: z.number().int().min(0).max(86_400).nullable(),
  position,
  /** The full list, in order: absent variants are removed. */
  variants: z
    .array(variantInputSchema)
    .max(20)
    .refine(uniqueIds, 'each variant id may appear once')
    .refine(
      (list) => new Set(list.map((variant) => variant.name.toLowerCase())).size === list.length,
      'variant names must differ',
    ),
  /** The groups the item offers, in order. */
  modifier_group_ids: z
    .array(z.uuid())
    .max(20)
    .refine((list) => new Set(list).size === list.length, 'each group may appear once'),
};

export const createItemSchema = z
  .object({
    ...itemFields,
    description: itemFields.description.default(null),
    cost_price: itemFields.cost_price.default(null),
    tax_category: itemFields.tax_category.default(null),
    image_url: itemFields.image_url.default(null),
    allergens: itemFields.allergens.default([]),
    dietary_tags: itemFields.dietary_tags.default([]),
    station: itemFields.station.default(null),
    prep_time_seconds: itemFields.prep_time_seconds.default(null),
    variants: itemFields.variants.default([]),
    modifier_group_ids: itemFields.modifier_group_ids.default([]),
    is_available: z.boolean().default(true),
  })
  .partial({ position: true })
  .strict()
  .meta({ id: 'CreateMenuItem' });

/**
 * PUT: the whole item again, absent fields back to their defaults. Availability is not part of
 * it (a PUT must not bring an 86ed item back): it has its own endpoint.
 */
export const replaceItemSchema = createItemSchema
  .omit({ is_available: true })
  .meta({ id: 'ReplaceMenuItem' });

/** Every field optional and without defaults: a PATCH changes only what it names. Availability has its own endpoint. */
export const updateItemSchema = z
  .object(itemFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateMenuItem' });

export const listItemsSchema = z.object({
  ...pageInput,
  category_id: z.uuid().optional(),
  /** A dietary tag or an allergen. */
  tag: z.string().max(40).optional(),
  is_available: z.boolean().optional(),
  /** Part of the name, any case. */
  q: z.string().max(100).optional(),
});

export const priceChangeSchema = z
  .object({
    id: z.uuid(),
    item_id: z.uuid(),
    /** Null for the item's own price. */
    variant_id: z.uuid().nullable(),
    /** Null when the item or variant was created with this price. */
    old_price: z.number().int().nullable(),
    new_price: z.number().int(),
    /** The actor who changed it (a user or API key id); null for system work. */
    changed_by: z.string().nullable(),
    changed_at: z.iso.datetime(),
  })
  .meta({ id: 'MenuPriceChange' });

export const setAvailabilitySchema = z.object({ available: z.boolean() }).strict();

// ---------------------------------------------------------------- modifiers

export const modifierOptionSchema = z
  .object({
    id: z.uuid(),
    group_id: z.uuid(),
    name: z.string(),
    price_delta: z.number().int(),
    is_available: z.boolean(),
    opens_group_id: z.uuid().nullable(),
    position: z.number().int(),
  })
  .meta({ id: 'MenuModifierOption' });

export const modifierGroupSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    min_select: z.number().int(),
    max_select: z.number().int(),
    is_required: z.boolean(),
    options: z.array(modifierOptionSchema),
    version: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'MenuModifierGroup' });

/**
 * An option in a group write: with `id`, that option changes; without, a new one is made.
 * Price deltas are zero or positive: a "no onions" option costs nothing; discounts belong to
 * promotions, not to the menu, so a negative delta is refused.
 */
export const modifierOptionInputSchema = z
  .object({
    id: z.uuid().optional(),
    name: name(100),
    price_delta: moneySchema.default(0),
    opens_group_id: z.uuid().nullable().default(null),
    is_available: z.boolean().optional(),
  })
  .strict();

const selectionFields = {
  name: name(100),
  /** At least this many options must be chosen; ≥ 1 makes the group required. */
  min_select: z.number().int().min(0).max(50),
  /** At most this many options may be chosen (≥ 1). */
  max_select: z.number().int().min(1).max(50),
  /** Must agree with min_select when both are given: required ⇔ min_select ≥ 1. */
  is_required: z.boolean(),
  /** The full list, in order: absent options are removed. */
  options: z
    .array(modifierOptionInputSchema)
    .max(50)
    .refine(uniqueIds, 'each option id may appear once')
    .refine(
      (list) => new Set(list.map((option) => option.name.toLowerCase())).size === list.length,
      'option names must differ',
    ),
};

export const createModifierGroupSchema = z
  .object({ ...selectionFields, options: selectionFields.options.default([]) })
  .partial({ min_select: true, max_select: true, is_required: true })
  .strict()
  .meta({ id: 'CreateMenuModifierGroup' });

export const updateModifierGroupSchema = z
  .object(selectionFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateMenuModifierGroup' });

export const listModifierGroupsSchema = z.object({
  ...pageInput,
  q: z.string().max(100).optional(),
});

// ---------------------------------------------------------------- pricing (for orders)

export const pricingOptionSchema = modifierOptionSchema.omit({ position: true });
export const pricingGroupSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  min_select: z.number().int(),
  max_select: z.number().int(),
  is_required: z.boolean(),
  options: z.array(pricingOptionSchema),
});

export const pricingItemSchema = z.object({
  id: z.uuid(),
  category_id: z.uuid(),
  name: z.string(),
  /** The price without a variant; with variants, a line must name one and takes its price. */
  price: z.number().int(),
  tax_category: z.string().nullable(),
  station: z.string().nullable(),
  prep_time_seconds: z.number().int().nullable(),
  is_available: z.boolean(),
  variants: z.array(
    z.object({ id: z.uuid(), name: z.string(), price: z.number().int(), is_available: z.boolean() }),
  ),
  /** The groups the item offers, in order. */
  modifier_groups: z.array(pricingGroupSchema),
  /** Groups reached only through options' opens_group_id (nested), in the order they are reached. */
  nested_modifier_groups: z.array(pricingGroupSchema),
});

export const itemsForPricingSchema = z.object({
  items: z.array(pricingItemSchema),
  /** Ids asked for that are unknown or deleted. */
  missing_ids: z.array(z.uuid()),
});

// ---------------------------------------------------------------- publishing

/**
 * What a published version holds: the draft as it was, categories in order with their live
 * items (variants, the groups each offers), and every modifier group those items reach
 * (offered or opened by an option) with its options. No cost prices and no availability:
 * availability is live state, overlaid at read time.
 */
export const menuSnapshotSchema = z
  .object({
    categories: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        description: z.string().nullable(),
        position: z.number().int(),
        items: z.array(
          z.object({
            id: z.uuid(),
            category_id: z.uuid(),
            name: z.string(),
            description: z.string().nullable(),
            price: z.number().int(),
            tax_category: z.string().nullable(),
            image_url: z.string().nullable(),
            allergens: z.array(z.string()),
            dietary_tags: z.array(z.string()),
            station: z.string().nullable(),
            prep_time_seconds: z.number().int().nullable(),
            position: z.number().int(),
            variants: z.array(variantSchema),
            modifier_group_ids: z.array(z.uuid()),
          }),
        ),
      }),
    ),
    modifier_groups: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        min_select: z.number().int(),
        max_select: z.number().int(),
        is_required: z.boolean(),
        options: z.array(modifierOptionSchema.omit({ is_available: true })),
      }),
    ),
  })
  .meta({ id: 'MenuSnapshot' });

export const menuVersionSchema = z
  .object({
    version: z.number().int(),
    published_at: z.iso.datetime(),
    /** The actor who published it (a user or API key id); null for system work. */
    published_by: z.string().nullable(),
    note: z.string().nullable(),
    /** Whether guests see this version now. */
    is_live: z.boolean(),
  })
  .meta({ id: 'MenuVersion' });

export const menuVersionDetailSchema = menuVersionSchema
  .extend({ snapshot: menuSnapshotSchema })
  .meta({ id: 'MenuVersionDetail' });

export const publishMenuSchema = z
  .object({ note: z.string().trim().min(1).max(500).optional() })
  .strict()
  .meta({ id: 'PublishMenu' });

export const listMenuVersionsSchema = z.object({
  ...pageInput,
});

// ---------------------------------------------------------------- the public menu (guests)

/**
 * The live published menu as guests see it: only what can be ordered now (sold-out items and
 * options are left out, and categories left empty by that), no cost prices, stations or tax
 * categories. Items name their groups by id in `modifier_group_ids`; groups (including nested
 * ones, opened by an option's `opens_group_id`) are listed once in `modifier_groups`.
 */
export const publicMenuSchema = z
  .object({
    restaurant: z.object({
      name: z.string(),
      slug: z.string(),
      currency: z.string(),
      timezone: z.string(),
      /** Whether menu prices already include tax. */
      prices_include_tax: z.boolean(),
    }),
    version: z.number().int(),
    published_at: z.iso.datetime(),
    categories: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        description: z.string().nullable(),
        items: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            description: z.string().nullable(),
            /** Minor units of the restaurant's currency; with variants, a line takes a variant's price. */
            price: z.number().int(),
            image_url: z.string().nullable(),
            allergens: z.array(z.string()),
            dietary_tags: z.array(z.string()),
            variants: z.array(z.object({ id: z.uuid(), name: z.string(), price: z.number().int() })),
            modifier_group_ids: z.array(z.uuid()),
          }),
        ),
      }),
    ),
    modifier_groups: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        min_select: z.number().int(),
        max_select: z.number().int(),
        is_required: z.boolean(),
        options: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            price_delta: z.number().int(),
            opens_group_id: z.uuid().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PublicMenu' });

export type Category = z.infer<typeof categorySchema>;
export type CreateCategory = z.input<typeof createCategorySchema>;
export type UpdateCategory = z.input<typeof updateCategorySchema>;
export type ListCategories = z.input<typeof listCategoriesSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Variant = z.infer<typeof variantSchema>;
export type CreateItem = z.input<typeof createItemSchema>;
export type UpdateItem = z.input<typeof updateItemSchema>;
export type ReplaceItem = z.input<typeof replaceItemSchema>;
export type ListItems = z.input<typeof listItemsSchema>;
export type PriceChange = z.infer<typeof priceChangeSchema>;
export type ModifierGroup = z.infer<typeof modifierGroupSchema>;
export type ModifierOption = z.infer<typeof modifierOptionSchema>;
export type CreateModifierGroup = z.input<typeof createModifierGroupSchema>;
export type UpdateModifierGroup = z.input<typeof updateModifierGroupSchema>;
export type ListModifierGroups = z.input<typeof listModifierGroupsSchema>;
export type PricingItem = z.infer<typeof pricingItemSchema>;
export type PricingGroup = z.infer<typeof pricingGroupSchema>;
export type ItemsForPricing = z.infer<typeof itemsForPricingSchema>;
export type MenuSnapshot = z.infer<typeof menuSnapshotSchema>;
export type MenuVersion = z.infer<typeof menuVersionSchema>;
export type MenuVersionDetail = z.infer<typeof menuVersionDetailSchema>;
export type PublishMenu = z.input<typeof publishMenuSchema>;
export type ListMenuVersions = z.input<typeof listMenuVersionsSchema>;
export type PublicMenu = z.infer<typeof publicMenuSchema>;
