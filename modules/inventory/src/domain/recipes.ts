/**
 * What one order line takes from stock (issue 9 point 2): the variant's recipe when it has
 * one, else the item's; plus every option's (a negative option quantity removes from the base:
 * "no onion"); each ingredient's total never below zero; scaled by the yield (a 80 % yield takes
 * 1.25× the served quantity) and by the line quantity.
 */
export interface RecipeLine {
  ingredient_id: string;
  /** Base units per portion as served; negative removes. */
  quantity: number;
  /** Usable share in percent (0 < yield ≤ 100). */
  yield_pct: number;
}

export interface LineRecipes {
  item: RecipeLine[] | null;
  variant: RecipeLine[] | null;
  options: RecipeLine[][];
}

const gross = (line: RecipeLine) => (line.quantity * 100) / line.yield_pct;

/** Ingredient id → base units needed for `portions` portions (only positive needs). */
export function needsFor(recipes: LineRecipes, portions: number): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (lines: RecipeLine[]) => {
    for (const line of lines)
      totals.set(line.ingredient_id, (totals.get(line.ingredient_id) ?? 0) + gross(line));
  };
  add(recipes.variant ?? recipes.item ?? []);
  for (const option of recipes.options) add(option);
  const needs = new Map<string, number>();
  for (const [ingredient, perPortion] of totals) {
    const total = Math.round(perPortion * portions * 1000) / 1000;
    if (total > 0) needs.set(ingredient, total);
  }
  return needs;
}

/** Portions of a recipe the levels allow (Infinity for a recipe that takes nothing). */
export function portionsAvailable(lines: RecipeLine[], levels: Map<string, number>): number {
  let portions = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    const need = gross(line);
    if (need <= 0) continue;
    portions = Math.min(portions, Math.floor(Math.max(0, levels.get(line.ingredient_id) ?? 0) / need));
  }
  return portions;
}
