import type { Page, RequestContext } from '@brigade/kernel';
import type {
  Adjust,
  Alerts,
  CountLines,
  CreateIngredient,
  CreatePurchaseOrder,
  CreateSupplier,
  Ingredient,
  InventorySettings,
  InventorySweepResult,
  Level,
  ListCounts,
  ListIngredients,
  ListPurchaseOrders,
  ListTransactions,
  MovementResult,
  PurchaseOrder,
  PutRecipe,
  ReceivePurchaseOrder,
  Recipe,
  RecipeKind,
  StockCount,
  StockIn,
  StockOut,
  StockTransaction,
  SuggestPurchaseOrder,
  Supplier,
  UpdateIngredient,
  UpdateSettings,
  UpdateSupplier,
  VarianceQuery,
  VarianceReport,
} from './schemas.js';

export type { Page } from '@brigade/kernel';
export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';

/**
 * The inventory module's contract (issue 9): ingredients and their stock (every movement a
 * transaction, the level their sum), recipes for menu items, variants and options, consumption
 * by order events, alerts, suppliers and purchase orders, stock counts and the variance report.
 * Every method acts for ctx.tenantId's restaurant. Money is integer minor units.
 */
export interface InventoryService {
  getSettings(ctx: RequestContext): Promise<InventorySettings>;
  updateSettings(ctx: RequestContext, input: UpdateSettings): Promise<InventorySettings>;

  createIngredient(ctx: RequestContext, input: CreateIngredient): Promise<Ingredient>;
  getIngredient(ctx: RequestContext, input: { id: string }): Promise<Ingredient>;
  listIngredients(ctx: RequestContext, input: ListIngredients): Promise<Page<Ingredient>>;
  updateIngredient(
    ctx: RequestContext,
    input: { id: string; changes: UpdateIngredient },
  ): Promise<Ingredient>;

  /** Goods in (with an optional lot and expiry); the cost given becomes the ingredient's cost. */
  stockIn(ctx: RequestContext, input: StockIn): Promise<MovementResult>;
  /** Goods out or waste; refused below zero unless the restaurant allows negative stock. */
  stockOut(ctx: RequestContext, input: StockOut): Promise<MovementResult>;
  adjust(ctx: RequestContext, input: Adjust): Promise<MovementResult>;
  listLevels(
    ctx: RequestContext,
    input: { category?: string; low_stock?: 'true' | 'false' },
  ): Promise<Level[]>;
  /** Newest first. */
  listTransactions(ctx: RequestContext, input: ListTransactions): Promise<Page<StockTransaction>>;

  putRecipe(
    ctx: RequestContext,
    input: { kind: RecipeKind; target_id: string; recipe: PutRecipe },
  ): Promise<Recipe | null>;
  getRecipe(ctx: RequestContext, input: { kind: RecipeKind; target_id: string }): Promise<Recipe>;
  listRecipes(ctx: RequestContext): Promise<Recipe[]>;

  alerts(ctx: RequestContext): Promise<Alerts>;

  createSupplier(ctx: RequestContext, input: CreateSupplier): Promise<Supplier>;
  getSupplier(ctx: RequestContext, input: { id: string }): Promise<Supplier>;
  listSuppliers(ctx: RequestContext): Promise<Supplier[]>;
  updateSupplier(ctx: RequestContext, input: { id: string; changes: UpdateSupplier }): Promise<Supplier>;

  createPurchaseOrder(ctx: RequestContext, input: CreatePurchaseOrder): Promise<PurchaseOrder>;
  /** A draft for one supplier from reorder points, par levels and recent usage. */
  suggestPurchaseOrder(ctx: RequestContext, input: SuggestPurchaseOrder): Promise<PurchaseOrder>;
  getPurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<PurchaseOrder>;
  listPurchaseOrders(ctx: RequestContext, input: ListPurchaseOrders): Promise<Page<PurchaseOrder>>;
  sendPurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<PurchaseOrder>;
  /** Fully or partly; each received line is a stock-in at the received cost. */
  receivePurchaseOrder(
    ctx: RequestContext,
    input: { id: string } & ReceivePurchaseOrder,
  ): Promise<PurchaseOrder>;
  closePurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<PurchaseOrder>;

  startCount(ctx: RequestContext, input: { note?: string | null | undefined }): Promise<StockCount>;
  getCount(ctx: RequestContext, input: { id: string }): Promise<StockCount>;
  /** Newest first, open ones too (a count can take a day: the back office finds it again). */
  listCounts(ctx: RequestContext, input: ListCounts): Promise<Page<StockCount>>;
  enterCount(ctx: RequestContext, input: { id: string } & CountLines): Promise<StockCount>;
  /** Every counted line becomes an adjustment of its variance. */
  postCount(ctx: RequestContext, input: { id: string }): Promise<StockCount>;

  varianceReport(ctx: RequestContext, input: VarianceQuery): Promise<VarianceReport>;

  /** Expiry alerts (once per lot) and pending 86 / un-86 effects on the menu; one restaurant or all (system). */
  sweep(ctx: RequestContext): Promise<InventorySweepResult>;
}
