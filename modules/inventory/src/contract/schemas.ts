import { z } from 'zod';

/**
 * Quantities on the wire: a number and its unit. Inputs may name any unit of the ingredient's
 * dimension (kg for a g ingredient); `unit` defaults to the ingredient's own. Outputs of an
 * ingredient's stock are in the ingredient's unit; recipe lines are in its base unit (g, ml, piece).
 */
export const units = ['g', 'kg', 'ml', 'l', 'piece'] as const;
export type Unit = (typeof units)[number];
export const unitSchema = z.enum(units);
export const baseUnitSchema = z.enum(['g', 'ml', 'piece']);

const positive = z.number().positive().max(1_000_000_000);
const nonNegative = z.number().min(0).max(1_000_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);
const minor = z.number().int('whole minor units').min(0).max(1_000_000_000);
const dateOnly = z.iso.date();
const datetime = z.iso.datetime({ offset: true });
const limit = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);
const cursor = z.string().max(512).optional();

// ---------------------------------------------------------------- settings

export const negativeStockPolicies = ['refuse', 'allow'] as const;
export const consumptionTriggers = ['placed', 'confirmed'] as const;
export const settingsSchema = z
  .object({
    /** refuse: stock-outs never take a level below zero (an order's consumption records the shortage); allow: levels may go negative and are flagged. */
    negative_stock: z.enum(negativeStockPolicies),
    /** Lots expiring within this many days are alerted. */
    expiry_warning_days: z.number().int(),
    /** When orders take stock: as placed, or once confirmed (an online order waiting for payment holds none). */
    consume_on: z.enum(consumptionTriggers),
  })
  .meta({ id: 'InventorySettings' });
export type InventorySettings = z.infer<typeof settingsSchema>;

export const updateSettingsSchema = z
  .object({
    negative_stock: z.enum(negativeStockPolicies).optional(),
    expiry_warning_days: z.number().int().min(0).max(365).optional(),
    consume_on: z.enum(consumptionTriggers).optional(),
  })
  .strict()
  .meta({ id: 'UpdateInventorySettings' });
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

// ---------------------------------------------------------------- ingredients

export const ingredientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    sku: z.string().nullable(),
    unit: unitSchema,
    base_unit: baseUnitSchema,
    /** Minor units per one `unit` (e.g. per kg). */
    cost_per_unit: z.number().int(),
    category: z.string().nullable(),
    storage_location: z.string().nullable(),
    /** In `unit`. */
    reorder_point: z.number(),
    par_level: z.number(),
    supplier_id: z.uuid().nullable(),
    /** The level now, in `unit`: the sum of its transactions. */
    quantity: z.number(),
    low_stock: z.boolean(),
    flagged: z.boolean(),
    archived: z.boolean(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryItem' });
export type Ingredient = z.infer<typeof ingredientSchema>;

const ingredientFields = {
  name: text(200),
  sku: z.string().trim().max(100).nullable().optional(),
  unit: unitSchema,
  cost_per_unit: minor,
  category: z.string().trim().max(100).nullable().optional(),
  storage_location: z.string().trim().max(100).nullable().optional(),
  /** In `unit`. */
  reorder_point: nonNegative.default(0),
  par_level: nonNegative.default(0),
  supplier_id: z.uuid().nullable().optional(),
};

export const createIngredientSchema = z.object(ingredientFields).strict().meta({ id: 'CreateInventoryItem' });
export type CreateIngredient = z.input<typeof createIngredientSchema>;

export const updateIngredientSchema = z
  .object({
    name: ingredientFields.name.optional(),
    sku: ingredientFields.sku,
    /** Another unit of the same dimension (g ↔ kg); stored quantities do not change. */
    unit: unitSchema.optional(),
    cost_per_unit: minor.optional(),
    category: ingredientFields.category,
    storage_location: ingredientFields.storage_location,
    reorder_point: nonNegative.optional(),
    par_level: nonNegative.optional(),
    supplier_id: ingredientFields.supplier_id,
    archived: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UpdateInventoryItem' });
export type UpdateIngredient = z.infer<typeof updateIngredientSchema>;

export const listIngredientsSchema = z
  .object({
    category: z.string().max(100).optional(),
    /** Only those at or below their reorder point. */
    low_stock: z.enum(['true', 'false']).optional(),
    q: z.string().max(100).optional(),
    limit: limit(100),
    cursor,
  })
  .strict();
export type ListIngredients = z.input<typeof listIngredientsSchema>;

export const levelSchema = z
  .object({
    ingredient_id: z.uuid(),
    name: z.string(),
    category: z.string().nullable(),
    storage_location: z.string().nullable(),
    quantity: z.number(),
    unit: unitSchema,
    reorder_point: z.number(),
    par_level: z.number(),
    low_stock: z.boolean(),
    /** Below zero (allowed by the policy), or an order could not be covered. */
    flagged: z.boolean(),
    /** Value at the current cost, minor units. */
    value: z.number().int(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryLevel' });
export type Level = z.infer<typeof levelSchema>;

// ---------------------------------------------------------------- movements

export const transactionTypes = [
  'stock_in',
  'stock_out',
  'waste',
  'adjustment',
  'consumption',
  'return',
] as const;
export const transactionSchema = z
  .object({
    id: z.uuid(),
    ingredient_id: z.uuid(),
    type: z.enum(transactionTypes),
    /** Signed, in the ingredient's unit. */
    quantity: z.number(),
    unit: unitSchema,
    unit_cost: z.number().int(),
    /** Signed, minor units. */
    value: z.number().int(),
    /** What an order needed and the stock could not cover (refuse policy). */
    shortage: z.number(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    lot_id: z.uuid().nullable(),
    order_id: z.uuid().nullable(),
    line_id: z.uuid().nullable(),
    purchase_order_id: z.uuid().nullable(),
    count_id: z.uuid().nullable(),
    actor: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryTransaction' });
export type StockTransaction = z.infer<typeof transactionSchema>;

const movementTarget = {
  ingredient_id: z.uuid(),
  quantity: positive,
  /** Defaults to the ingredient's unit. */
  unit: unitSchema.optional(),
  note: z.string().trim().max(500).optional(),
};

export const stockInSchema = z
  .object({
    ...movementTarget,
    /** Minor units per ingredient unit; the ingredient's cost when absent (and it becomes the cost when given). */
    unit_cost: minor.optional(),
    lot_code: z.string().trim().max(100).optional(),
    expires_on: dateOnly.optional(),
  })
  .strict()
  .meta({ id: 'InventoryStockIn' });
export type StockIn = z.input<typeof stockInSchema>;

export const stockOutSchema = z
  .object({
    ...movementTarget,
    /** waste needs a reason (spoiled, dropped, expired …). */
    type: z.enum(['stock_out', 'waste']).default('stock_out'),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((input) => input.type !== 'waste' || input.reason, {
    message: 'waste needs a reason',
    path: ['reason'],
  })
  .meta({ id: 'InventoryStockOut' });
export type StockOut = z.input<typeof stockOutSchema>;

export const adjustSchema = z
  .object({
    ingredient_id: z.uuid(),
    /** The level it should be (a count): the difference is recorded. */
    new_quantity: nonNegative.optional(),
    /** Or a signed change. */
    delta: z.number().min(-1_000_000_000).max(1_000_000_000).optional(),
    unit: unitSchema.optional(),
    reason: text(200),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((input) => (input.new_quantity === undefined) !== (input.delta === undefined), {
    message: 'give new_quantity or delta (one of them)',
    path: ['new_quantity'],
  })
  .meta({ id: 'InventoryAdjust' });
export type Adjust = z.input<typeof adjustSchema>;

export const movementResultSchema = z
  .object({ transaction: transactionSchema, level: levelSchema })
  .meta({ id: 'InventoryMovement' });
export type MovementResult = z.infer<typeof movementResultSchema>;

export const listTransactionsSchema = z
  .object({
    ingredient_id: z.uuid().optional(),
    type: z.enum(transactionTypes).optional(),
    order_id: z.uuid().optional(),
    from: datetime.optional(),
    to: datetime.optional(),
    limit: limit(50),
    cursor,
  })
  .strict();
export type ListTransactions = z.input<typeof listTransactionsSchema>;

export const listLevelsSchema = z
  .object({
    category: z.string().max(100).optional(),
    low_stock: z.enum(['true', 'false']).optional(),
  })
  .strict();

// ---------------------------------------------------------------- recipes

export const recipeKinds = ['item', 'variant', 'option'] as const;
export const recipeKindSchema = z.enum(recipeKinds);
export type RecipeKind = z.infer<typeof recipeKindSchema>;

export const recipeSchema = z
  .object({
    kind: recipeKindSchema,
    /** The menu item, variant or modifier option. */
    target_id: z.uuid(),
    name: z.string().nullable(),
    lines: z.array(
      z.object({
        ingredient_id: z.uuid(),
        ingredient_name: z.string(),
        /** Per portion as served, in the base unit; negative removes from the base recipe. */
        quantity: z.number(),
        unit: baseUnitSchema,
        yield_pct: z.number(),
        /** What one portion of this line costs, minor units (negative for a removal). */
        cost: z.number().int(),
      }),
    ),
    /** One portion, minor units. */
    cost: z.number().int(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryRecipe' });
export type Recipe = z.infer<typeof recipeSchema>;

export const putRecipeSchema = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    /** Empty: the recipe is removed. */
    lines: z
      .array(
        z
          .object({
            ingredient_id: z.uuid(),
            quantity: z
              .number()
              .min(-1_000_000)
              .max(1_000_000)
              .refine((value) => value !== 0, 'not zero'),
            unit: unitSchema.optional(),
            /** Usable share in percent (trim, cooking loss); 100 by default. */
            yield_pct: z.number().gt(0).max(100).default(100),
          })
          .strict(),
      )
      .max(50)
      .refine(
        (lines) => new Set(lines.map((line) => line.ingredient_id)).size === lines.length,
        'each ingredient may appear once',
      ),
  })
  .strict()
  .meta({ id: 'PutInventoryRecipe' });
export type PutRecipe = z.input<typeof putRecipeSchema>;

// ---------------------------------------------------------------- alerts

export const expiringLotSchema = z
  .object({
    lot_id: z.uuid(),
    ingredient_id: z.uuid(),
    name: z.string(),
    lot_code: z.string().nullable(),
    expires_on: z.iso.date(),
    remaining: z.number(),
    unit: unitSchema,
    expired: z.boolean(),
  })
  .meta({ id: 'InventoryExpiringLot' });

export const alertsSchema = z
  .object({
    low_stock: z.array(levelSchema),
    /** Negative (allowed) or short for an order. */
    flagged: z.array(levelSchema),
    expiring_lots: z.array(expiringLotSchema),
  })
  .meta({ id: 'InventoryAlerts' });
export type Alerts = z.infer<typeof alertsSchema>;

// ---------------------------------------------------------------- suppliers and purchase orders

export const supplierSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contact_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    lead_time_days: z.number().int(),
    notes: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'InventorySupplier' });
export type Supplier = z.infer<typeof supplierSchema>;

const supplierFields = {
  name: text(200),
  contact_name: z.string().trim().max(200).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  lead_time_days: z.number().int().min(0).max(365).default(1),
  notes: z.string().trim().max(1000).nullable().optional(),
};
export const createSupplierSchema = z.object(supplierFields).strict().meta({ id: 'CreateInventorySupplier' });
export type CreateSupplier = z.input<typeof createSupplierSchema>;
export const updateSupplierSchema = z
  .object({
    ...supplierFields,
    name: supplierFields.name.optional(),
    lead_time_days: z.number().int().min(0).max(365).optional(),
  })
  .strict()
  .meta({ id: 'UpdateInventorySupplier' });
export type UpdateSupplier = z.input<typeof updateSupplierSchema>;

export const purchaseOrderStatuses = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export const purchaseOrderSchema = z
  .object({
    id: z.uuid(),
    supplier_id: z.uuid(),
    status: z.enum(purchaseOrderStatuses),
    notes: z.string().nullable(),
    expected_on: z.iso.date().nullable(),
    lines: z.array(
      z.object({
        id: z.uuid(),
        ingredient_id: z.uuid(),
        ingredient_name: z.string(),
        /** In the ingredient's unit. */
        ordered: z.number(),
        received: z.number(),
        unit: unitSchema,
        unit_cost: z.number().int(),
        /** ordered × unit_cost, minor units. */
        total: z.number().int(),
      }),
    ),
    total: z.number().int(),
    sent_at: z.iso.datetime().nullable(),
    closed_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryPurchaseOrder' });
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const createPurchaseOrderSchema = z
  .object({
    supplier_id: z.uuid(),
    notes: z.string().trim().max(1000).nullable().optional(),
    expected_on: dateOnly.nullable().optional(),
    lines: z
      .array(
        z
          .object({
            ingredient_id: z.uuid(),
            quantity: positive,
            unit: unitSchema.optional(),
            /** Minor units per ingredient unit; the ingredient's cost when absent. */
            unit_cost: minor.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict()
  .meta({ id: 'CreateInventoryPurchaseOrder' });
export type CreatePurchaseOrder = z.input<typeof createPurchaseOrderSchema>;

export const suggestPurchaseOrderSchema = z
  .object({
    supplier_id: z.uuid(),
    /** Also ingredients that name no supplier. */
    include_unassigned: z.boolean().default(false),
    /** Days of usage history the daily usage is averaged over. */
    usage_days: z.number().int().min(1).max(90).default(14),
  })
  .strict()
  .meta({ id: 'SuggestInventoryPurchaseOrder' });
export type SuggestPurchaseOrder = z.input<typeof suggestPurchaseOrderSchema>;

export const receivePurchaseOrderSchema = z
  .object({
    lines: z
      .array(
        z
          .object({
            line_id: z.uuid(),
            quantity: positive,
            unit: unitSchema.optional(),
            /** The cost invoiced, minor units per ingredient unit; the ordered cost when absent. */
            unit_cost: minor.optional(),
            lot_code: z.string().trim().max(100).optional(),
            expires_on: dateOnly.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    /** Accept more than was ordered. */
    override: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ReceiveInventoryPurchaseOrder' });
export type ReceivePurchaseOrder = z.input<typeof receivePurchaseOrderSchema>;

export const listPurchaseOrdersSchema = z
  .object({
    status: z.enum(purchaseOrderStatuses).optional(),
    supplier_id: z.uuid().optional(),
    limit: limit(50),
    cursor,
  })
  .strict();
export type ListPurchaseOrders = z.input<typeof listPurchaseOrdersSchema>;

// ---------------------------------------------------------------- counts and reports

export const countSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['open', 'posted']),
    note: z.string().nullable(),
    lines: z.array(
      z.object({
        ingredient_id: z.uuid(),
        ingredient_name: z.string(),
        unit: unitSchema,
        /** The books when posted (now while open). */
        expected: z.number(),
        counted: z.number(),
        /** counted − expected. */
        variance: z.number(),
        variance_value: z.number().int(),
      }),
    ),
    variance_value: z.number().int(),
    posted_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'InventoryCount' });
export type StockCount = z.infer<typeof countSchema>;

export const startCountSchema = z
  .object({ note: z.string().trim().max(500).nullable().optional() })
  .strict()
  .meta({ id: 'StartInventoryCount' });

export const listCountsSchema = z
  .object({
    status: z.enum(['open', 'posted']).optional(),
    limit: limit(20),
    cursor,
  })
  .strict();
export type ListCounts = z.input<typeof listCountsSchema>;

export const countLinesSchema = z
  .object({
    lines: z
      .array(
        z.object({ ingredient_id: z.uuid(), counted: nonNegative, unit: unitSchema.optional() }).strict(),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .meta({ id: 'InventoryCountLines' });
export type CountLines = z.input<typeof countLinesSchema>;

export const varianceQuerySchema = z.object({ from: datetime, to: datetime }).strict();
export type VarianceQuery = z.infer<typeof varianceQuerySchema>;

export const varianceReportSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    ingredients: z.array(
      z.object({
        ingredient_id: z.uuid(),
        name: z.string(),
        unit: unitSchema,
        /** What sales × recipes say was used. */
        theoretical: z.number(),
        /** What left stock: consumption, waste, stock-outs and count adjustments. */
        actual: z.number(),
        /** actual − theoretical (positive: more used than sold). */
        variance: z.number(),
        theoretical_value: z.number().int(),
        actual_value: z.number().int(),
        variance_value: z.number().int(),
      }),
    ),
    items: z.array(
      z.object({
        menu_item_id: z.uuid(),
        name: z.string(),
        quantity: z.number().int(),
        /** Line totals, minor units. */
        revenue: z.number().int(),
        /** The stock its recipes took, minor units. */
        cost: z.number().int(),
        /** cost / revenue × 100, two decimals; null without revenue. */
        food_cost_pct: z.number().nullable(),
      }),
    ),
    totals: z.object({
      revenue: z.number().int(),
      theoretical_cost: z.number().int(),
      actual_cost: z.number().int(),
      food_cost_pct: z.number().nullable(),
      actual_food_cost_pct: z.number().nullable(),
    }),
  })
  .meta({ id: 'InventoryVarianceReport' });
export type VarianceReport = z.infer<typeof varianceReportSchema>;

/** What one run of the sweep did (tests and operators). */
export interface InventorySweepResult {
  lots_alerted: number;
  menu_effects_sent: number;
}
