/**
 * Low stock (issue 9 point 5): an ingredient is low at or below its reorder point. The alert
 * fires once per crossing: when it becomes low while armed; it is re-armed when the level rises
 * above the point again.
 */
export function lowStockTransition(
  wasLow: boolean,
  level: number,
  reorderPoint: number,
): { low: boolean; crossed: boolean } {
  if (reorderPoint <= 0) return { low: false, crossed: false };
  const low = level <= reorderPoint;
  return { low, crossed: low && !wasLow };
}

/** A purchase suggestion: up to par (or twice the reorder point without one), at least the usage over the lead time. */
export function suggestedOrder(input: {
  level: number;
  reorderPoint: number;
  parLevel: number;
  dailyUsage: number;
  leadTimeDays: number;
}): number {
  const target = Math.max(
    input.parLevel > 0 ? input.parLevel : input.reorderPoint * 2,
    input.reorderPoint + input.dailyUsage * input.leadTimeDays,
  );
  return Math.max(0, Math.ceil(target - input.level));
}
