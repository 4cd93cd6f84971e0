import { queryRows, type Tx } from '@brigade/db';
import { newId } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import {
  inventoryErrors as fail,
  type InventoryService,
  type Recipe,
  type RecipeKind,
} from './contract/index.js';
import { iso, loadIngredient, num } from './db/rows.js';
import type { RecipeLine } from './domain/recipes.js';
import { valueAt } from './domain/units.js';
import { afterMoves, baseQuantity } from './stock.js';
import { type InventoryDeps, inTenant, reading } from './support.js';

type RecipeMethods = Pick<InventoryService, 'putRecipe' | 'getRecipe' | 'listRecipes'>;

interface RecipeLineRow {
  kind: RecipeKind;
  target_id: string;
  name: string | null;
  updated_at: string;
  ingredient_id: string | null;
  ingredient_name: string | null;
  base_unit: 'g' | 'ml' | 'piece' | null;
  unit: 'g' | 'kg' | 'ml' | 'l' | 'piece' | null;
  cost_per_unit: number | null;
  quantity: string | null;
  yield_pct: string | null;
}

const recipeQuery = (where: ReturnType<typeof sql>) => sql`
  select r.kind, r.target_id, r.name, r.updated_at, rl.ingredient_id, i.name as ingredient_name, i.base_unit, i.unit,
         i.cost_per_unit, rl.quantity, rl.yield_pct
  from inventory.recipes r
  left join inventory.recipe_lines rl on rl.recipe_id = r.id
  left join inventory.ingredients i on i.id = rl.ingredient_id
  where ${where}
  order by r.kind, r.target_id, i.name`;

function toRecipes(rows: RecipeLineRow[]): Recipe[] {
  const recipes = new Map<string, Recipe>();
  for (const row of rows) {
    const key = `${row.kind}:${row.target_id}`;
    let recipe = recipes.get(key);
    if (!recipe) {
      recipe = {
        kind: row.kind,
        target_id: row.target_id,
        name: row.name,
        lines: [],
        cost: 0,
        updated_at: iso(row.updated_at),
      };
      recipes.set(key, recipe);
    }
    if (!row.ingredient_id) continue;
    const quantity = num(row.quantity);
    const yieldPct = num(row.yield_pct);
    const cost = valueAt((quantity * 100) / yieldPct, num(row.cost_per_unit), row.unit!);
    recipe.lines.push({
      ingredient_id: row.ingredient_id,
      ingredient_name: row.ingredient_name!,
      quantity,
      unit: row.base_unit!,
      yield_pct: yieldPct,
      cost,
    });
    recipe.cost += cost;
  }
  return [...recipes.values()];
}

/** The recipes an order line needs, by kind and target id (absent ones are simply not there). */
export async function loadRecipeLines(tx: Tx, targetIds: string[]): Promise<Map<string, RecipeLine[]>> {
  const map = new Map<string, RecipeLine[]>();
  if (targetIds.length === 0) return map;
  const rows = await queryRows<{
    kind: RecipeKind;
    target_id: string;
    ingredient_id: string;
    quantity: string;
    yield_pct: string;
  }>(
    tx,
    sql`select r.kind, r.target_id, rl.ingredient_id, rl.quantity, rl.yield_pct
        from inventory.recipes r join inventory.recipe_lines rl on rl.recipe_id = r.id
        where r.target_id in (${sql.join(
          [...new Set(targetIds)].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  for (const row of rows) {
    const key = `${row.kind}:${row.target_id}`;
    const list = map.get(key) ?? [];
    list.push({
      ingredient_id: row.ingredient_id,
      quantity: num(row.quantity),
      yield_pct: num(row.yield_pct),
    });
    map.set(key, list);
  }
  return map;
}

/** Recipes of menu items, variants and options (issue 9 point 2). */
export function createRecipes(deps: InventoryDeps): RecipeMethods {
  const getRecipe = (tx: Tx, kind: RecipeKind, targetId: string) =>
    queryRows<RecipeLineRow>(tx, recipeQuery(sql`r.kind = ${kind} and r.target_id = ${targetId}`)).then(
      toRecipes,
    );

  return {
    putRecipe: (ctx, { kind, target_id, recipe }) =>
      inTenant(deps, ctx, async (s) => {
        const now = s.clock.now().toISOString();
        const lines = [];
        for (const line of recipe.lines) {
          const ingredient = await loadIngredient(s.tx, line.ingredient_id);
          const sign = Math.sign(line.quantity);
          lines.push({
            ingredient_id: ingredient.id,
            quantity: sign * baseQuantity(ingredient, Math.abs(line.quantity), line.unit),
            yield_pct: line.yield_pct ?? 100,
          });
        }
        const [existing] = await queryRows<{ id: string }>(
          s.tx,
          sql`select id from inventory.recipes where kind = ${kind} and target_id = ${target_id} for update`,
        );
        const before = existing
          ? await queryRows<{ ingredient_id: string }>(
              s.tx,
              sql`select ingredient_id from inventory.recipe_lines where recipe_id = ${existing.id}`,
            )
          : [];
        if (existing) await s.tx.execute(sql`delete from inventory.recipes where id = ${existing.id}`);
        if (lines.length > 0) {
          const id = newId();
          await s.tx.execute(sql`insert into inventory.recipes (id, tenant_id, kind, target_id, name, updated_at)
            values (${id}, ${s.tenantId}, ${kind}, ${target_id}, ${recipe.name ?? null}, ${now})`);
          for (const line of lines) {
            await s.tx.execute(sql`insert into inventory.recipe_lines (recipe_id, tenant_id, ingredient_id, quantity, yield_pct)
              values (${id}, ${s.tenantId}, ${line.ingredient_id}, ${line.quantity}, ${line.yield_pct})`);
          }
        } else {
          // Without a recipe nothing keeps it 86ed on inventory's account.
          await s.tx.execute(sql`delete from inventory.auto_86 where target_id = ${target_id}`);
        }
        // A new recipe may already be unmakeable (or makeable again).
        await afterMoves(s, [
          ...lines.map((line) => line.ingredient_id),
          ...before.map((row) => row.ingredient_id),
        ]);
        if (lines.length === 0) return null;
        return (await getRecipe(s.tx, kind, target_id))[0]!;
      }),

    getRecipe: (ctx, { kind, target_id }) =>
      reading(deps, ctx, async (tx) => {
        const [recipe] = await getRecipe(tx, kind, target_id);
        if (!recipe) throw fail('recipe_not_found', `No ${kind} recipe for ${target_id}.`);
        return recipe;
      }),

    listRecipes: (ctx) =>
      reading(deps, ctx, async (tx) => toRecipes(await queryRows<RecipeLineRow>(tx, recipeQuery(sql`true`)))),
  };
}
