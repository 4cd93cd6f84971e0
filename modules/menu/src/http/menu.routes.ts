import { pageOf, pageQuery, problemSchema } from '@brigade/http';
import type { RequestContext } from '@brigade/kernel';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  menuPermissions as can,
  categorySchema,
  createCategorySchema,
  createItemSchema,
  createModifierGroupSchema,
  itemSchema,
  type MenuService,
  menuVersionDetailSchema,
  menuVersionSchema,
  modifierGroupSchema,
  modifierOptionSchema,
  priceChangeSchema,
  publishMenuSchema,
  replaceItemSchema,
  setAvailabilitySchema,
  updateCategorySchema,
  updateItemSchema,
  updateModifierGroupSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: problemSchema, 422: problemSchema };
const booleanQuery = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();
const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^"?\d+"?$/)
    .optional(),
});
const versionOf = (ifMatch: string | undefined) =>
  ifMatch === undefined ? {} : { expected_version: Number(ifMatch.replaceAll('"', '')) };

/** `POST <path>` with `{ available }`: an 86, or back on sale; answers what it changed. */
function availabilityRoute(
  app: Parameters<FastifyPluginAsyncZod>[0],
  route: {
    path: string;
    tags: string[];
    summary: string;
    /** The 200's schema: the response serializer checks `set`'s answer against it. */
    answer: z.ZodType;
    set: (ctx: RequestContext, input: { id: string; available: boolean }) => Promise<unknown>;
  },
) {
  app.post(
    route.path,
    {
      config: { permission: can.availability },
      schema: {
        tags: route.tags,
        summary: route.summary,
        params: idParams,
        body: setAvailabilitySchema,
        response: { 200: route.answer, ...errors },
      },
    },
    async (request) => route.set(request.ctx, { id: request.params.id, available: request.body.available }),
  );
}

/** Issue 5: the menu under /api/v1/menu. Thin: validate, call the service, shape the reply. */
export function menuRoutes(service: MenuService): FastifyPluginAsyncZod {
  return async (app) => {
    // ------------------------------------------------------------ categories
    {
      const tags = ['menu categories'];
      app.post(
        '/menu/categories',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Create a menu category',
            body: createCategorySchema,
            response: { 201: categorySchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const category = await service.createCategory(request.ctx, request.body);
          return reply.code(201).header('Location', `/api/v1/menu/categories/${category.id}`).send(category);
        },
      );
      app.get(
        '/menu/categories',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'List menu categories in their order',
            querystring: pageQuery.extend({ q: z.string().max(100).optional() }),
            response: { 200: pageOf(categorySchema), ...errors },
          },
        },
        async (request) => service.listCategories(request.ctx, request.query),
      );
      app.get(
        '/menu/categories/:id',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'Get a menu category',
            params: idParams,
            response: { 200: categorySchema, ...errors },
          },
        },
        async (request) => service.getCategory(request.ctx, request.params),
      );
      app.patch(
        '/menu/categories/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Rename, describe or move a menu category',
            params: idParams,
            body: updateCategorySchema,
            response: { 200: categorySchema, ...writeErrors },
          },
        },
        async (request) =>
          service.updateCategory(request.ctx, { id: request.params.id, changes: request.body }),
      );
      app.delete(
        '/menu/categories/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Delete an empty menu category',
            params: idParams,
            response: { 204: z.null(), ...writeErrors },
          },
        },
        async (request, reply) => {
          await service.deleteCategory(request.ctx, request.params);
          return reply.code(204).send(null);
        },
      );
    }

    // ------------------------------------------------------------ items
    {
      const tags = ['menu items'];
      app.post(
        '/menu/items',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Create a menu item (with its variants and modifier groups)',
            body: createItemSchema,
            response: { 201: itemSchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const item = await service.createItem(request.ctx, request.body);
          return reply
            .code(201)
            .header('Location', `/api/v1/menu/items/${item.id}`)
            .header('ETag', `"${item.version}"`)
            .send(item);
        },
      );
      app.get(
        '/menu/items',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'List menu items: by category, tag (dietary or allergen), availability, name',
            querystring: pageQuery.extend({
              category_id: z.uuid().optional(),
              tag: z.string().max(40).optional(),
              is_available: booleanQuery,
              q: z.string().max(100).optional(),
            }),
            response: { 200: pageOf(itemSchema), ...errors },
          },
        },
        async (request) => service.listItems(request.ctx, request.query),
      );
      app.get(
        '/menu/items/:id',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'Get a menu item',
            params: idParams,
            response: { 200: itemSchema, ...errors },
          },
        },
        async (request, reply) => {
          const item = await service.getItem(request.ctx, request.params);
          return reply.header('ETag', `"${item.version}"`).send(item);
        },
      );
      app.put(
        '/menu/items/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Replace a menu item (If-Match: its version, optional); availability is kept',
            params: idParams,
            headers: ifMatchHeaders,
            body: replaceItemSchema,
            response: { 200: itemSchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const item = await service.updateItem(request.ctx, {
            id: request.params.id,
            changes: request.body,
            replace: true,
            ...versionOf(request.headers['if-match']),
          });
          return reply.header('ETag', `"${item.version}"`).send(item);
        },
      );
      app.patch(
        '/menu/items/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Change a menu item (If-Match: its version, optional)',
            params: idParams,
            headers: ifMatchHeaders,
            body: updateItemSchema,
            response: { 200: itemSchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const item = await service.updateItem(request.ctx, {
            id: request.params.id,
            changes: request.body,
            ...versionOf(request.headers['if-match']),
          });
          return reply.header('ETag', `"${item.version}"`).send(item);
        },
      );
      app.delete(
        '/menu/items/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Delete a menu item (it disappears from the menu; its id is never reused)',
            params: idParams,
            response: { 204: z.null(), ...errors },
          },
        },
        async (request, reply) => {
          await service.deleteItem(request.ctx, request.params);
          return reply.code(204).send(null);
        },
      );
      availabilityRoute(app, {
        path: '/menu/items/:id/availability',
        tags,
        summary: 'Mark a menu item sold out ("86") or available again',
        answer: itemSchema,
        set: (ctx, input) => service.setItemAvailability(ctx, input),
      });
      availabilityRoute(app, {
        path: '/menu/variants/:id/availability',
        tags,
        summary: 'Mark one size of a menu item sold out ("86") or available again; answers the item',
        answer: itemSchema,
        set: (ctx, input) => service.setVariantAvailability(ctx, input),
      });
      app.get(
        '/menu/items/:id/price-history',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'Every price the item and its variants had, newest first, with who changed it',
            params: idParams,
            querystring: pageQuery,
            response: { 200: pageOf(priceChangeSchema), ...errors },
          },
        },
        async (request) => service.listPriceHistory(request.ctx, { id: request.params.id, ...request.query }),
      );
    }

    // ------------------------------------------------------------ modifiers
    {
      const tags = ['menu modifiers'];
      app.post(
        '/menu/modifier-groups',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Create a modifier group with its options',
            body: createModifierGroupSchema,
            response: { 201: modifierGroupSchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const group = await service.createModifierGroup(request.ctx, request.body);
          return reply.code(201).header('Location', `/api/v1/menu/modifier-groups/${group.id}`).send(group);
        },
      );
      app.get(
        '/menu/modifier-groups',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'List modifier groups',
            querystring: pageQuery.extend({ q: z.string().max(100).optional() }),
            response: { 200: pageOf(modifierGroupSchema), ...errors },
          },
        },
        async (request) => service.listModifierGroups(request.ctx, request.query),
      );
      app.get(
        '/menu/modifier-groups/:id',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'Get a modifier group with its options',
            params: idParams,
            response: { 200: modifierGroupSchema, ...errors },
          },
        },
        async (request) => service.getModifierGroup(request.ctx, request.params),
      );
      app.patch(
        '/menu/modifier-groups/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Change a modifier group: its rules, or its options (the full list)',
            params: idParams,
            body: updateModifierGroupSchema,
            response: { 200: modifierGroupSchema, ...writeErrors },
          },
        },
        async (request) =>
          service.updateModifierGroup(request.ctx, { id: request.params.id, changes: request.body }),
      );
      app.delete(
        '/menu/modifier-groups/:id',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Delete a modifier group no item offers and no option opens',
            params: idParams,
            response: { 204: z.null(), ...writeErrors },
          },
        },
        async (request, reply) => {
          await service.deleteModifierGroup(request.ctx, request.params);
          return reply.code(204).send(null);
        },
      );
      availabilityRoute(app, {
        path: '/menu/modifier-options/:id/availability',
        tags,
        summary: 'Mark a modifier option sold out ("86") or available again',
        answer: modifierOptionSchema,
        set: (ctx, input) => service.setOptionAvailability(ctx, input),
      });
    }

    // ------------------------------------------------------------ publishing
    {
      const tags = ['menu publishing'];
      app.post(
        '/menu/publish',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Publish the draft menu as a new version and make it live',
            description:
              'Snapshots the whole menu as staff edit it (categories in order, items with variants and ' +
              'modifier groups, nested groups, options) into an immutable version that guests see and ' +
              'orders are priced from. Availability is not part of it: an 86 applies without publishing.',
            body: publishMenuSchema.nullish(),
            response: { 201: menuVersionSchema, ...writeErrors },
          },
        },
        async (request, reply) => {
          const version = await service.publishMenu(request.ctx, request.body ?? {});
          return reply.code(201).header('Location', `/api/v1/menu/versions/${version.version}`).send(version);
        },
      );
      app.get(
        '/menu/versions',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'List published menu versions, newest first (without their snapshots)',
            querystring: pageQuery,
            response: { 200: pageOf(menuVersionSchema), ...errors },
          },
        },
        async (request) => service.listMenuVersions(request.ctx, request.query),
      );
      app.get(
        '/menu/versions/:version',
        {
          config: { permission: can.read },
          schema: {
            tags,
            summary: 'Get a published menu version with its snapshot',
            params: versionParams,
            response: { 200: menuVersionDetailSchema, ...errors },
          },
        },
        async (request) => service.getMenuVersion(request.ctx, request.params),
      );
      app.post(
        '/menu/versions/:version/restore',
        {
          config: { permission: can.write },
          schema: {
            tags,
            summary: 'Roll back: make an earlier published version live again (the draft is unchanged)',
            params: versionParams,
            response: { 200: menuVersionSchema, ...writeErrors },
          },
        },
        async (request) => service.restoreMenuVersion(request.ctx, request.params),
      );
    }
  };
}
