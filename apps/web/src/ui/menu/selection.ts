import type { ModifierGroup } from './types.js';

export type Selection = Record<string, string[]>;

/**
 * The groups a guest must answer for an item: its own, then any group an option they chose
 * opens (nested choices), each once.
 */
export function visibleGroups(rootIds: string[], groups: Map<string, ModifierGroup>, selection: Selection) {
  const out: ModifierGroup[] = [];
  const queue = [...rootIds];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift()!;
    const group = groups.get(id);
    if (!group || seen.has(id)) continue;
    seen.add(id);
    out.push(group);
    for (const optionId of selection[id] ?? []) {
      const opened = group.options.find((option) => option.id === optionId)?.opens_group_id;
      if (opened) queue.push(opened);
    }
  }
  return out;
}

/** Groups whose choice count is outside min..max. */
export function unsatisfied(visible: ModifierGroup[], selection: Selection) {
  return visible.filter((group) => {
    const count = selection[group.id]?.length ?? 0;
    return count < group.min_select || count > group.max_select;
  });
}

/** Toggles an option within its group's max: a single-choice group swaps, a full group refuses. */
export function toggle(selection: Selection, group: ModifierGroup, optionId: string): Selection {
  const current = selection[group.id] ?? [];
  if (current.includes(optionId))
    return { ...selection, [group.id]: current.filter((id) => id !== optionId) };
  if (group.max_select === 1) return { ...selection, [group.id]: [optionId] };
  if (current.length >= group.max_select) return selection;
  return { ...selection, [group.id]: [...current, optionId] };
}
