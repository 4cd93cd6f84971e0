import { defineErrors, type RequestContext } from '@brigade/kernel';
import { z } from 'zod';
import { itemSchema, modifierGroupSchema, modifierOptionSchema } from './schemas.js';

/** Bulk import and export of the menu (issue 5 point 9): the document, its errors, its service. */

export const menuImportErrors = defineErrors({
  /** One or more rows (or JSON entries) are invalid; `errors` lists every one. Nothing was written. */
  import_invalid: 'rule',
  /** The body is neither the JSON document nor CSV, or the query is wrong. */
  import_unreadable: 'invalid',
  /** The menu changed under the import (e.g. a category of the same name was just created): retry. */
  import_conflict: 'conflict',
});

/** The most items one file may carry: an import is one transaction and must stay a short one. */
export const maxImportItems = 5000;

export const menuDocumentFormat = 'brigade.menu';

const optionOut = modifierOptionSchema.pick({ name: true, price_delta: true, is_available: true }).extend({
  /** The name of the group choosing this option opens, or null. */
  opens_group: z.string().nullable(),
});

/**
 * The whole menu as one re-importable JSON document. Money is integer minor units of
 * `currency` (34900 = 349.00), as everywhere in the API. Groups are referred to by name.
 */
export const menuDocumentSchema = z
  .object({
    format: z.literal(menuDocumentFormat),
    version: z.literal(1),
    currency: z.string(),
    exported_at: z.iso.datetime(),
    /** Where it came from; informative only (an import ignores it). */
    restaurant: z.object({ name: z.string(), slug: z.string() }),
    categories: z.array(
      z.object({
        name: z.string(),
        description: z.string().nullable(),
        position: z.number().int(),
        items: z.array(
          itemSchema
            .omit({
              id: true,
              category_id: true,
              variants: true,
              modifier_group_ids: true,
              version: true,
              created_at: true,
              updated_at: true,
            })
            .extend({
              variants: z.array(z.object({ name: z.string(), price: z.number().int() })),
              /** Names of the modifier groups the item offers, in order. */
              modifier_groups: z.array(z.string()),
            }),
        ),
      }),
    ),
    modifier_groups: z.array(
      modifierGroupSchema
        .pick({ name: true, min_select: true, max_select: true, is_required: true })
        .extend({ options: z.array(optionOut) }),
    ),
  })
  .meta({ id: 'MenuDocument' });

export type MenuDocument = z.infer<typeof menuDocumentSchema>;

const counts = z.object({
  categories: z.number().int(),
  items: z.number().int(),
  modifier_groups: z.number().int(),
});

export const menuImportSummarySchema = z
  .object({
    mode: z.enum(['upsert', 'replace']),
    created: counts,
    updated: counts,
    deleted: counts,
    dry_run: z.boolean(),
  })
  .meta({ id: 'MenuImportSummary' });

export type MenuImportSummary = z.infer<typeof menuImportSummarySchema>;
export type ImportCounts = z.infer<typeof counts>;

export type MenuImportInput =
  | { format: 'json'; document: unknown; mode: 'upsert' | 'replace'; dry_run: boolean }
  | { format: 'csv'; csv: string; mode: 'upsert' | 'replace'; dry_run: boolean };

export interface MenuImportExport {
  /** The restaurant's whole live (draft) menu, in one consistent read. */
  exportMenu(ctx: RequestContext): Promise<MenuDocument>;
  /** The same menu as CSV, one row per item (see menu-csv.ts for the columns). */
  exportMenuCsv(
    ctx: RequestContext,
  ): Promise<{ csv: string; currency: string; exported_at: string; restaurant: MenuDocument['restaurant'] }>;
  /**
   * Validates every row first (failing with import_invalid and every bad row), then writes the
   * whole file in one transaction, or nothing with dry_run.
   */
  importMenu(ctx: RequestContext, input: MenuImportInput): Promise<MenuImportSummary>;
}
