import { isCurrencyCode, isTimeZone, pageInput } from '@brigade/kernel';
import { z } from 'zod';

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, 'lower-case letters, digits and inner dashes, at most 64');

export const taxRateSchema = z.object({
  category: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case identifier'),
  name: z.string().min(1).max(60),
  /** Basis points: 500 = 5 %. */
  rate_bps: z.number().int().min(0).max(10_000),
});

export const taxSettingsSchema = z
  .object({
    /** Menu prices already contain tax (VAT style) or tax is added on top (sales-tax style). */
    prices_include_tax: z.boolean(),
    /** The category used by items that name none. */
    default_category: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    rates: z.array(taxRateSchema).max(20),
  })
  .refine((tax) => tax.rates.some((rate) => rate.category === tax.default_category), {
    message: 'default_category must be one of the rates',
    path: ['default_category'],
  })
  .refine((tax) => new Set(tax.rates.map((rate) => rate.category)).size === tax.rates.length, {
    message: 'each category may appear once',
    path: ['rates'],
  });

export const contactSchema = z.object({
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number')
    .optional(),
  address: z
    .object({
      line1: z.string().min(1).max(200),
      line2: z.string().max(200).optional(),
      city: z.string().min(1).max(100),
      region: z.string().max(100).optional(),
      postal_code: z.string().max(20).optional(),
      country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'),
    })
    .optional(),
});

const timezone = z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris');
const currency = z.string().refine(isCurrencyCode, 'an ISO 4217 currency code such as EUR');

export const restaurantSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    currency: z.string(),
    tax: taxSettingsSchema,
    contact: contactSchema,
    description: z.string().nullable(),
    logo_url: z.string().nullable(),
    is_active: z.boolean(),
    version: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Restaurant' });

const restaurantFields = {
  name: z.string().trim().min(1).max(200),
  slug: slugSchema,
  timezone,
  currency,
  tax: taxSettingsSchema,
  contact: contactSchema,
  description: z.string().max(2000).nullable(),
  logo_url: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .nullable(),
};

export const createRestaurantSchema = z
  .object({
    ...restaurantFields,
    contact: restaurantFields.contact.default({}),
    description: restaurantFields.description.default(null),
    logo_url: restaurantFields.logo_url.default(null),
  })
  .strict()
  .meta({ id: 'CreateRestaurant' });

/** Every field optional and without defaults: a PATCH changes only what it names. */
export const updateRestaurantSchema = z
  .object(restaurantFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateRestaurant' });

export const listRestaurantsSchema = z.object({
  ...pageInput,
  is_active: z.boolean().optional(),
  q: z.string().max(100).optional(),
  slug: slugSchema.optional(),
});

export type Restaurant = z.infer<typeof restaurantSchema>;
export type TaxSettings = z.infer<typeof taxSettingsSchema>;
export type CreateRestaurant = z.input<typeof createRestaurantSchema>;
export type UpdateRestaurant = z.input<typeof updateRestaurantSchema>;
export type ListRestaurants = z.input<typeof listRestaurantsSchema>;
