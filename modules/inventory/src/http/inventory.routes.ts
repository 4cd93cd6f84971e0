import { pageOf, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adjustSchema,
  alertsSchema,
  inventoryPermissions as can,
  countLinesSchema,
  countSchema,
  createIngredientSchema,
  createPurchaseOrderSchema,
  createSupplierSchema,
  type InventoryService,
  ingredientSchema,
  levelSchema,
  listCountsSchema,
  listIngredientsSchema,
  listLevelsSchema,
  listPurchaseOrdersSchema,
  listTransactionsSchema,
  movementResultSchema,
  purchaseOrderSchema,
  putRecipeSchema,
  receivePurchaseOrderSchema,
  recipeKindSchema,
  recipeSchema,
  settingsSchema,
  startCountSchema,
  stockInSchema,
  stockOutSchema,
  suggestPurchaseOrderSchema,
  supplierSchema,
  transactionSchema,
  updateIngredientSchema,
  updateSettingsSchema,
  updateSupplierSchema,
  varianceQuerySchema,
  varianceReportSchema,
} from '../contract/index.js';

const idParams = z.object({ id: z.uuid() });
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
const tags = ['inventory'];
const read = { permission: can.read };
const write = { permission: can.write };

/** Inventory (issue 9): thin handlers over the inventory service, under /api/v1/inventory. */
export function inventoryRoutes(service: InventoryService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/inventory/settings',
      {
        config: read,
        schema: {
          tags,
          summary: 'Negative-stock policy and expiry warning window',
          response: { 200: settingsSchema, ...errors },
        },
      },
      async (request) => service.getSettings(request.ctx),
    );
    app.patch(
      '/inventory/settings',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change the inventory settings',
          body: updateSettingsSchema,
          response: { 200: settingsSchema, ...errors },
        },
      },
      async (request) => service.updateSettings(request.ctx, request.body),
    );

    // ------------------------------------------------------------ ingredients
    app.get(
      '/inventory/items',
      {
        config: read,
        schema: {
          tags,
          summary: 'Ingredients (stock items) with their levels, by name',
          querystring: listIngredientsSchema,
          response: { 200: pageOf(ingredientSchema), ...errors },
        },
      },
      async (request) => service.listIngredients(request.ctx, request.query),
    );
    app.post(
      '/inventory/items',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create an ingredient',
          body: createIngredientSchema,
          response: { 201: ingredientSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ingredient = await service.createIngredient(request.ctx, request.body);
        return reply
          .code(201)
          .header('Location', `/api/v1/inventory/items/${ingredient.id}`)
          .send(ingredient);
      },
    );
    app.get(
      '/inventory/items/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'Get an ingredient',
          params: idParams,
          response: { 200: ingredientSchema, ...errors },
        },
      },
      async (request) => service.getIngredient(request.ctx, request.params),
    );
    app.patch(
      '/inventory/items/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change an ingredient (its level changes only through movements)',
          params: idParams,
          body: updateIngredientSchema,
          response: { 200: ingredientSchema, ...errors },
        },
      },
      async (request) =>
        service.updateIngredient(request.ctx, { id: request.params.id, changes: request.body }),
    );

    // ------------------------------------------------------------ movements
    app.post(
      '/inventory/stock-in',
      {
        config: write,
        schema: {
          tags,
          summary: 'Goods in (optionally a lot with its expiry)',
          body: stockInSchema,
          response: { 201: movementResultSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await service.stockIn(request.ctx, request.body)),
    );
    app.post(
      '/inventory/stock-out',
      {
        config: write,
        schema: {
          tags,
          summary:
            'Goods out or waste (with a reason); refused below zero unless the restaurant allows negative stock',
          body: stockOutSchema,
          response: { 201: movementResultSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await service.stockOut(request.ctx, request.body)),
    );
    app.post(
      '/inventory/adjust',
      {
        config: write,
        schema: {
          tags,
          summary: 'Correct a level: a new quantity or a signed delta, with a reason',
          body: adjustSchema,
          response: { 201: movementResultSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await service.adjust(request.ctx, request.body)),
    );

    app.get(
      '/inventory/levels',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every level, with low-stock and flagged marks',
          querystring: listLevelsSchema,
          response: { 200: z.array(levelSchema), ...errors },
        },
      },
      async (request) => service.listLevels(request.ctx, request.query),
    );
    app.get(
      '/inventory/transactions',
      {
        config: read,
        schema: {
          tags,
          summary: 'Stock movements, newest first',
          querystring: listTransactionsSchema,
          response: { 200: pageOf(transactionSchema), ...errors },
        },
      },
      async (request) => service.listTransactions(request.ctx, request.query),
    );
    app.get(
      '/inventory/alerts',
      {
        config: read,
        schema: {
          tags,
          summary: 'Low stock, flagged levels and lots near expiry',
          response: { 200: alertsSchema, ...errors },
        },
      },
      async (request) => service.alerts(request.ctx),
    );

    // ------------------------------------------------------------ recipes
    const recipeParams = z.object({ kind: recipeKindSchema, id: z.uuid() });
    app.get(
      '/inventory/recipes',
      {
        config: read,
        schema: { tags, summary: 'Every recipe', response: { 200: z.array(recipeSchema), ...errors } },
      },
      async (request) => service.listRecipes(request.ctx),
    );
    app.get(
      '/inventory/recipes/:kind/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'The recipe of a menu item, variant or modifier option',
          params: recipeParams,
          response: { 200: recipeSchema, ...errors },
        },
      },
      async (request) =>
        service.getRecipe(request.ctx, { kind: request.params.kind, target_id: request.params.id }),
    );
    app.put(
      '/inventory/recipes/:kind/:id',
      {
        config: write,
        schema: {
          tags,
          summary:
            'Set the recipe of a menu item, variant (replaces the item’s) or option (adds; negative removes); no lines removes it',
          params: recipeParams,
          body: putRecipeSchema,
          response: { 200: recipeSchema, 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const recipe = await service.putRecipe(request.ctx, {
          kind: request.params.kind,
          target_id: request.params.id,
          recipe: request.body,
        });
        return recipe ? recipe : reply.code(204).send(null);
      },
    );

    // ------------------------------------------------------------ suppliers
    app.get(
      '/inventory/suppliers',
      {
        config: read,
        schema: {
          tags,
          summary: 'Suppliers, by name',
          response: { 200: z.array(supplierSchema), ...errors },
        },
      },
      async (request) => service.listSuppliers(request.ctx),
    );
    app.post(
      '/inventory/suppliers',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a supplier',
          body: createSupplierSchema,
          response: { 201: supplierSchema, ...errors },
        },
      },
      async (request, reply) => {
        const supplier = await service.createSupplier(request.ctx, request.body);
        return reply
          .code(201)
          .header('Location', `/api/v1/inventory/suppliers/${supplier.id}`)
          .send(supplier);
      },
    );
    app.get(
      '/inventory/suppliers/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'Get a supplier',
          params: idParams,
          response: { 200: supplierSchema, ...errors },
        },
      },
      async (request) => service.getSupplier(request.ctx, request.params),
    );
    app.patch(
      '/inventory/suppliers/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change a supplier',
          params: idParams,
          body: updateSupplierSchema,
          response: { 200: supplierSchema, ...errors },
        },
      },
      async (request) =>
        service.updateSupplier(request.ctx, { id: request.params.id, changes: request.body }),
    );

    // ------------------------------------------------------------ purchase orders
    app.get(
      '/inventory/purchase-orders',
      {
        config: read,
        schema: {
          tags,
          summary: 'Purchase orders, newest first',
          querystring: listPurchaseOrdersSchema,
          response: { 200: pageOf(purchaseOrderSchema), ...errors },
        },
      },
      async (request) => service.listPurchaseOrders(request.ctx, request.query),
    );
    app.post(
      '/inventory/purchase-orders',
      {
        config: write,
        schema: {
          tags,
          summary: 'Draft a purchase order',
          body: createPurchaseOrderSchema,
          response: { 201: purchaseOrderSchema, ...errors },
        },
      },
      async (request, reply) => {
        const order = await service.createPurchaseOrder(request.ctx, request.body);
        return reply
          .code(201)
          .header('Location', `/api/v1/inventory/purchase-orders/${order.id}`)
          .send(order);
      },
    );
    app.post(
      '/inventory/purchase-orders/suggest',
      {
        config: write,
        schema: {
          tags,
          summary: "Draft a supplier's purchase order from reorder points, par levels and recent usage",
          body: suggestPurchaseOrderSchema,
          response: { 201: purchaseOrderSchema, ...errors },
        },
      },
      async (request, reply) => {
        const order = await service.suggestPurchaseOrder(request.ctx, request.body);
        return reply
          .code(201)
          .header('Location', `/api/v1/inventory/purchase-orders/${order.id}`)
          .send(order);
      },
    );
    app.get(
      '/inventory/purchase-orders/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'Get a purchase order',
          params: idParams,
          response: { 200: purchaseOrderSchema, ...errors },
        },
      },
      async (request) => service.getPurchaseOrder(request.ctx, request.params),
    );
    app.post(
      '/inventory/purchase-orders/:id/send',
      {
        config: write,
        schema: {
          tags,
          summary: 'Send a draft purchase order to its supplier',
          params: idParams,
          response: { 200: purchaseOrderSchema, ...errors },
        },
      },
      async (request) => service.sendPurchaseOrder(request.ctx, request.params),
    );
    app.post(
      '/inventory/purchase-orders/:id/close',
      {
        config: write,
        schema: {
          tags,
          summary: 'Close a purchase order (nothing more will be received)',
          params: idParams,
          response: { 200: purchaseOrderSchema, ...errors },
        },
      },
      async (request) => service.closePurchaseOrder(request.ctx, request.params),
    );
    app.post(
      '/inventory/purchase-orders/:id/receive',
      {
        config: write,
        schema: {
          tags,
          summary:
            'Receive goods, fully or partly: each line a stock-in at the received cost (more than ordered needs override)',
          params: idParams,
          body: receivePurchaseOrderSchema,
          response: { 200: purchaseOrderSchema, ...errors },
        },
      },
      async (request) =>
        service.receivePurchaseOrder(request.ctx, { id: request.params.id, ...request.body }),
    );

    // ------------------------------------------------------------ counts and reports
    app.post(
      '/inventory/counts',
      {
        config: write,
        schema: {
          tags,
          summary: 'Start a stock count',
          body: startCountSchema.optional(),
          response: { 201: countSchema, ...errors },
        },
      },
      async (request, reply) => {
        const count = await service.startCount(request.ctx, { note: request.body?.note });
        return reply.code(201).header('Location', `/api/v1/inventory/counts/${count.id}`).send(count);
      },
    );
    app.get(
      '/inventory/counts',
      {
        config: read,
        schema: {
          tags,
          summary: 'Stock counts, newest first',
          querystring: listCountsSchema,
          response: { 200: pageOf(countSchema), ...errors },
        },
      },
      async (request) => service.listCounts(request.ctx, request.query),
    );
    app.get(
      '/inventory/counts/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'Get a stock count',
          params: idParams,
          response: { 200: countSchema, ...errors },
        },
      },
      async (request) => service.getCount(request.ctx, request.params),
    );
    app.put(
      '/inventory/counts/:id/lines',
      {
        config: write,
        schema: {
          tags,
          summary: 'Enter counted quantities (again to correct)',
          params: idParams,
          body: countLinesSchema,
          response: { 200: countSchema, ...errors },
        },
      },
      async (request) => service.enterCount(request.ctx, { id: request.params.id, ...request.body }),
    );
    app.post(
      '/inventory/counts/:id/post',
      {
        config: write,
        schema: {
          tags,
          summary: 'Post a count: each variance becomes an adjustment',
          params: idParams,
          response: { 200: countSchema, ...errors },
        },
      },
      async (request) => service.postCount(request.ctx, request.params),
    );
    app.get(
      '/inventory/reports/variance',
      {
        config: read,
        schema: {
          tags,
          summary:
            'Theoretical (sales × recipes) vs actual usage per ingredient, and food cost % per menu item, for a period',
          querystring: varianceQuerySchema,
          response: { 200: varianceReportSchema, ...errors },
        },
      },
      async (request) => service.varianceReport(request.ctx, request.query),
    );
  };
}
