import { boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TaxSettings } from '../contract/index.js';

export const tenantsSchema = pgSchema('tenants');

export interface ContactColumn {
  email?: string | undefined;
  phone?: string | undefined;
  address?:
    | {
        line1: string;
        line2?: string | undefined;
        city: string;
        region?: string | undefined;
        postal_code?: string | undefined;
        country: string;
      }
    | undefined;
}

export const restaurants = tenantsSchema.table('restaurants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  timezone: text('timezone').notNull(),
  currency: text('currency').notNull(),
  tax: jsonb('tax').$type<TaxSettings>().notNull(),
  contact: jsonb('contact').$type<ContactColumn>().notNull(),
  description: text('description'),
  logoUrl: text('logo_url'),
  isActive: boolean('is_active').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export type RestaurantRow = typeof restaurants.$inferSelect;
