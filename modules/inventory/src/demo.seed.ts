import { systemContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { demoRestaurantId } from '@brigade/tenants';
import type { CreateIngredient, InventoryService, PutRecipe, RecipeKind } from './contract/index.js';

/** Spice Route's store room (seed 003: paneer, chicken, flour …), costs in paise per unit. */
const demoIngredients: (CreateIngredient & { stock: number })[] = [
  {
    name: 'Paneer',
    unit: 'kg',
    cost_per_unit: 40000,
    category: 'dairy',
    storage_location: 'walk-in',
    reorder_point: 2,
    par_level: 8,
    stock: 6,
  },
  {
    name: 'Chicken',
    unit: 'kg',
    cost_per_unit: 28000,
    category: 'meat',
    storage_location: 'walk-in',
    reorder_point: 4,
    par_level: 15,
    stock: 12,
  },
  {
    name: 'Basmati rice',
    unit: 'kg',
    cost_per_unit: 12000,
    category: 'dry goods',
    storage_location: 'store room',
    reorder_point: 5,
    par_level: 25,
    stock: 20,
  },
  {
    name: 'Butter',
    unit: 'kg',
    cost_per_unit: 50000,
    category: 'dairy',
    storage_location: 'walk-in',
    reorder_point: 1,
    par_level: 4,
    stock: 3,
  },
  {
    name: 'Cream',
    unit: 'l',
    cost_per_unit: 20000,
    category: 'dairy',
    storage_location: 'walk-in',
    reorder_point: 1,
    par_level: 5,
    stock: 4,
  },
  {
    name: 'Onion',
    unit: 'kg',
    cost_per_unit: 4000,
    category: 'produce',
    storage_location: 'store room',
    reorder_point: 3,
    par_level: 15,
    stock: 10,
  },
  {
    name: 'Flour',
    unit: 'kg',
    cost_per_unit: 5000,
    category: 'dry goods',
    storage_location: 'store room',
    reorder_point: 5,
    par_level: 20,
    stock: 15,
  },
  {
    name: 'Milk',
    unit: 'l',
    cost_per_unit: 6000,
    category: 'dairy',
    storage_location: 'walk-in',
    reorder_point: 3,
    par_level: 12,
    stock: 10,
  },
  {
    name: 'Mango pulp',
    unit: 'l',
    cost_per_unit: 30000,
    category: 'produce',
    storage_location: 'walk-in',
    reorder_point: 1,
    par_level: 4,
    stock: 3,
  },
];

type Line = [ingredient: string, quantity: number, yieldPct?: number];

/** Recipes in base units (g, ml) per portion, by menu item, variant ("Item/Variant") or option name. */
const demoRecipes: { kind: RecipeKind; target: string; lines: Line[] }[] = [
  {
    kind: 'item',
    target: 'Paneer Tikka',
    lines: [
      ['Paneer', 200],
      ['Onion', 50, 90],
    ],
  },
  {
    kind: 'item',
    target: 'Butter Chicken',
    lines: [
      ['Chicken', 250, 85],
      ['Butter', 30],
      ['Cream', 50],
      ['Onion', 60, 90],
    ],
  },
  {
    kind: 'variant',
    target: 'Hyderabadi Biryani/Half',
    lines: [
      ['Basmati rice', 150],
      ['Chicken', 150, 85],
      ['Onion', 40, 90],
    ],
  },
  {
    kind: 'variant',
    target: 'Hyderabadi Biryani/Full',
    lines: [
      ['Basmati rice', 300],
      ['Chicken', 300, 85],
      ['Onion', 80, 90],
    ],
  },
  {
    kind: 'item',
    target: 'Garlic Naan',
    lines: [
      ['Flour', 120],
      ['Butter', 10],
    ],
  },
  {
    kind: 'item',
    target: 'Mango Lassi',
    lines: [
      ['Mango pulp', 100],
      ['Milk', 200],
    ],
  },
  { kind: 'option', target: 'Extra butter', lines: [['Butter', 20]] },
];

/** Idempotent: runs only while the demo restaurant has no ingredients. */
export async function seedDemoInventory(service: InventoryService, menu: () => MenuService) {
  const ctx = systemContext(demoRestaurantId, 'seed-inventory');
  if ((await service.listIngredients(ctx, { limit: 1 })).data.length > 0) return;
  const supplier = await service.createSupplier(ctx, {
    name: 'Fresh Farms Wholesale',
    contact_name: 'Ravi Kumar',
    email: 'orders@freshfarms.example',
    phone: '+91 98765 43210',
    lead_time_days: 2,
  });
  const ids = new Map<string, string>();
  for (const { stock, ...ingredient } of demoIngredients) {
    const created = await service.createIngredient(ctx, { ...ingredient, supplier_id: supplier.id });
    ids.set(created.name, created.id);
    await service.stockIn(ctx, { ingredient_id: created.id, quantity: stock, note: 'opening stock' });
  }
  const targets = new Map<string, string>();
  for (const item of (await menu().listItems(ctx, { limit: 200 })).data) {
    targets.set(`item:${item.name}`, item.id);
    for (const variant of item.variants) targets.set(`variant:${item.name}/${variant.name}`, variant.id);
  }
  for (const group of (await menu().listModifierGroups(ctx, { limit: 200 })).data) {
    for (const option of group.options) targets.set(`option:${option.name}`, option.id);
  }
  for (const recipe of demoRecipes) {
    const target = targets.get(`${recipe.kind}:${recipe.target}`);
    if (!target) continue;
    const lines: PutRecipe['lines'] = recipe.lines.map(([name, quantity, yieldPct]) => ({
      ingredient_id: ids.get(name)!,
      quantity,
      unit: name === 'Cream' || name === 'Milk' || name === 'Mango pulp' ? 'ml' : 'g',
      yield_pct: yieldPct ?? 100,
    }));
    await service.putRecipe(ctx, {
      kind: recipe.kind,
      target_id: target,
      recipe: { name: recipe.target, lines },
    });
  }
}
