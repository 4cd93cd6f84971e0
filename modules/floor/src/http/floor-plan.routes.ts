import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  areaSchema,
  floorPermissions as can,
  createAreaSchema,
  createTableSchema,
  type FloorService,
  setTableStatusSchema,
  tableQrSchema,
  tableSchema,
  tableStatusSchema,
  updateAreaSchema,
  updateTableSchema,
} from '../contract/index.js';
import { qrPng, qrSheetHtml, qrSvg } from '../qr/qr-images.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const conflict = { 409: problemSchema };

/** Areas, tables, table status and QR codes (issue 5). Thin: validate, call the service, shape the reply. */
export function floorPlanRoutes(
  service: FloorService,
  restaurantName: (tenantId: string) => Promise<string>,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['floor'];

    app.get(
      '/floor/areas',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'List the areas of the floor (dining rooms, terrace …)',
          response: { 200: z.object({ data: z.array(areaSchema) }), ...errors },
        },
      },
      async (request) => ({ data: await service.listAreas(request.ctx) }),
    );

    app.post(
      '/floor/areas',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Add an area',
          body: createAreaSchema,
          response: { 201: areaSchema, ...conflict, ...errors },
        },
      },
      async (request, reply) => {
        const area = await service.createArea(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/floor/areas/${area.id}`).send(area);
      },
    );

    app.patch(
      '/floor/areas/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Rename or reorder an area',
          params: idParams,
          body: updateAreaSchema,
          response: { 200: areaSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.updateArea(request.ctx, { id: request.params.id, changes: request.body }),
    );

    app.delete(
      '/floor/areas/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Delete an empty area',
          params: idParams,
          response: { 204: z.null(), ...conflict, ...errors },
        },
      },
      async (request, reply) => {
        await service.deleteArea(request.ctx, request.params);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/tables',
      {
        config: { permission: can.read },
        schema: {
          tags,
          summary: 'List tables, with their status and open session',
          querystring: pageQuery.extend({
            area_id: z.uuid().optional(),
            status: tableStatusSchema.optional(),
          }),
          response: { 200: pageOf(tableSchema), ...errors },
        },
      },
      async (request) => service.listTables(request.ctx, request.query),
    );

    app.post(
      '/tables',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Add a table (its QR code is issued with it)',
          body: createTableSchema,
          response: { 201: tableSchema, ...conflict, ...errors },
        },
      },
      async (request, reply) => {
        const table = await service.createTable(request.ctx, request.body);
        return reply.code(201).header('Location', `/api/v1/tables/${table.id}`).send(table);
      },
    );

    app.get(
      '/tables/qr-sheet',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: "A printable HTML sheet (text/html) of every table's QR code and label",
        },
      },
      async (request, reply) => {
        const codes = await service.listTableQrs(request.ctx);
        const name = request.ctx.tenantId ? await restaurantName(request.ctx.tenantId) : 'Tables';
        return reply
          .type('text/html; charset=utf-8')
          .header('Cache-Control', 'no-store')
          .send(await qrSheetHtml(name, codes));
      },
    );

    app.get(
      '/tables/:id',
      {
        config: { permission: can.read },
        schema: { tags, summary: 'Get a table', params: idParams, response: { 200: tableSchema, ...errors } },
      },
      async (request) => service.getTable(request.ctx, request.params),
    );

    app.patch(
      '/tables/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: "Change a table's number, capacity, area or place on the floor plan",
          params: idParams,
          body: updateTableSchema,
          response: { 200: tableSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.updateTable(request.ctx, { id: request.params.id, changes: request.body }),
    );

    app.delete(
      '/tables/:id',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Remove a table (its number is free again and its QR code stops working)',
          params: idParams,
          response: { 204: z.null(), ...conflict, ...errors },
        },
      },
      async (request, reply) => {
        await service.deleteTable(request.ctx, request.params);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/tables/:id/status',
      {
        config: { permission: can.sessions },
        schema: {
          tags,
          summary: 'Set a table status (available → occupied | reserved | cleaning, cleaning → available …)',
          params: idParams,
          body: setTableStatusSchema,
          response: { 200: tableSchema, ...conflict, ...errors },
        },
      },
      async (request) => service.setTableStatus(request.ctx, { id: request.params.id, ...request.body }),
    );

    app.get(
      '/tables/:id/qr',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary:
            "The table's QR code: image/svg+xml or image/png of its guest URL, or (format=json) the token and URL",
          params: idParams,
          querystring: z.object({
            format: z.enum(['svg', 'png', 'json']).default('svg'),
            size: z.coerce.number().int().min(128).max(2048).default(512),
          }),
        },
      },
      async (request, reply) => {
        const qr = await service.getTableQr(request.ctx, request.params);
        const { format, size } = request.query;
        if (format === 'json') return reply.header('Cache-Control', 'no-store').send(qr);
        reply.header('Cache-Control', 'no-store');
        reply.header(
          'Content-Disposition',
          `inline; filename="table-${qr.number.replace(/[^A-Za-z0-9_-]/g, '_')}.${format}"`,
        );
        if (format === 'png') return reply.type('image/png').send(await qrPng(qr.url, size));
        return reply.type('image/svg+xml').send(await qrSvg(qr.url));
      },
    );

    app.post(
      '/tables/:id/qr/rotate',
      {
        config: { permission: can.write },
        schema: {
          tags,
          summary: 'Issue a new QR code for the table; the old printed code stops working at once',
          params: idParams,
          response: { 200: tableQrSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .header('Cache-Control', 'no-store')
          .send(await service.rotateTableQr(request.ctx, request.params)),
    );
  };
}
