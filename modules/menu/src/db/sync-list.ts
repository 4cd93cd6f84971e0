/** One wanted child row: `existing` is the live row it updates; none means a new row. */
export interface ListPlan<Row> {
  existing: Row | undefined;
}

/**
 * Makes an ordered list of child rows (an item's variants, a group's options) exactly `wanted`:
 * rows of `current` that no plan keeps are removed first, then each plan is inserted or updated
 * at its position. `update` says whether it changed anything. Returns whether anything changed.
 */
export async function syncList<Row extends { id: string }, Plan extends ListPlan<Row>>(
  current: Row[],
  wanted: Plan[],
  write: {
    remove: (row: Row) => Promise<void>;
    insert: (plan: Plan, position: number) => Promise<void>;
    update: (existing: Row, plan: Plan, position: number) => Promise<boolean>;
  },
): Promise<boolean> {
  let changed = false;
  const kept = new Set(wanted.flatMap((plan) => (plan.existing ? [plan.existing.id] : [])));
  for (const gone of current.filter((row) => !kept.has(row.id))) {
    await write.remove(gone);
    changed = true;
  }
  for (const [position, plan] of wanted.entries()) {
    if (!plan.existing) {
      await write.insert(plan, position);
      changed = true;
    } else if (await write.update(plan.existing, plan, position)) {
      changed = true;
    }
  }
  return changed;
}
