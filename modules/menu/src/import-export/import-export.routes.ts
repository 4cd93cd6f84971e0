import { problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type MenuImportExport,
  menuImportErrors,
  menuImportSummarySchema,
} from '../contract/import-export.js';
import { menuPermissions as can } from '../contract/index.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const csvTypes = ['text/csv', 'application/csv'];

/** `menu-spice-route-2026-11-22.csv`: the restaurant and the day of the export (UTC). */
const disposition = (format: 'json' | 'csv', slug: string, exportedAt: string) =>
  `attachment; filename="menu-${slug.replace(/[^a-z0-9-]/g, '')}-${exportedAt.slice(0, 10)}.${format}"`;

/**
 * Issue 5 point 9: GET /menu/export?format=json|csv and POST /menu/import (JSON document or
 * text/csv, ?mode=upsert|replace&dry_run=true). Thin: the service checks and writes.
 */
export function importExportRoutes(service: MenuImportExport): FastifyPluginAsyncZod {
  return async (app) => {
    // CSV bodies arrive as text; the server's body limit applies (413 beyond it).
    app.addContentTypeParser(csvTypes, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const tags = ['menu import/export'];

    app.get(
      '/menu/export',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'Export the whole menu as JSON (re-importable document) or CSV (one row per item)',
          description:
            'Answers an attachment (Content-Disposition): application/json (the MenuDocument schema) or ' +
            'text/csv. Errors are problem+json.',
          querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
        },
      },
      async (request, reply) => {
        if (request.query.format === 'csv') {
          const { csv, restaurant, exported_at } = await service.exportMenuCsv(request.ctx);
          return reply
            .type('text/csv; charset=utf-8')
            .header('Content-Disposition', disposition('csv', restaurant.slug, exported_at))
            .send(csv);
        }
        const document = await service.exportMenu(request.ctx);
        return reply
          .type('application/json; charset=utf-8')
          .header('Content-Disposition', disposition('json', document.restaurant.slug, document.exported_at))
          .send(JSON.stringify(document));
      },
    );

    app.post(
      '/menu/import',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary:
            'Import a menu file (JSON document or text/csv); every row is checked before anything is written',
          description:
            'mode=upsert (default) matches categories and items by name, any case, creating the missing and ' +
            'updating the rest; mode=replace also deletes (softly) what the file does not name. dry_run=true ' +
            'checks and counts without writing. Invalid files answer 422 import_invalid listing every bad row.',
          querystring: z.object({
            mode: z.enum(['upsert', 'replace']).default('upsert'),
            dry_run: z
              .enum(['true', 'false'])
              .default('false')
              .transform((value) => value === 'true'),
          }),
          response: {
            200: menuImportSummarySchema,
            ...errors,
            409: problemSchema,
            413: problemSchema,
            415: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request) => {
        const { mode, dry_run } = request.query;
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (csvTypes.includes(type)) {
          if (typeof request.body !== 'string')
            throw menuImportErrors('import_unreadable', 'The CSV body is missing.');
          return service.importMenu(request.ctx, { format: 'csv', csv: request.body, mode, dry_run });
        }
        if (request.body === undefined || request.body === null || typeof request.body !== 'object') {
          throw menuImportErrors(
            'import_unreadable',
            'Send the menu as application/json (the export document) or text/csv.',
          );
        }
        return service.importMenu(request.ctx, { format: 'json', document: request.body, mode, dry_run });
      },
    );
  };
}
