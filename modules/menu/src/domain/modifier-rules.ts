import type { FieldError } from '@brigade/kernel';

export interface SelectionRules {
  min_select: number;
  max_select: number;
  is_required: boolean;
}

export interface SelectionInput {
  min_select?: number | undefined;
  max_select?: number | undefined;
  is_required?: boolean | undefined;
}

export type Resolved = { ok: true; rules: SelectionRules } | { ok: false; errors: FieldError[] };

/**
 * The selection rules of a modifier group after a write: `input` over `current` (none for a
 * new group). Required means at least one choice, so `is_required` and `min_select ≥ 1` are
 * one fact said twice: given alone, either decides the other (required alone → min 1); given
 * together, they must agree. max_select defaults to max(min_select, 1) for a new group and
 * otherwise stays as it was: a change that puts min above max is refused, never stretched.
 */
export function resolveSelection(current: SelectionRules | null, input: SelectionInput): Resolved {
  const errors: FieldError[] = [];
  let min = input.min_select;
  let required = input.is_required;
  if (min !== undefined && required !== undefined && required !== min >= 1) {
    errors.push({
      field: 'min_select',
      message: required
        ? 'a required group needs min_select of at least 1'
        : 'min_select of 1 or more makes the group required',
    });
  }
  if (min === undefined) {
    if (required === undefined) min = current?.min_select ?? 0;
    else if (required) min = Math.max(current?.min_select ?? 1, 1);
    else min = 0;
  }
  if (min < 0) errors.push({ field: 'min_select', message: 'must be 0 or more' });
  required = min >= 1;
  const max = input.max_select ?? current?.max_select ?? Math.max(min, 1);
  if (max < 1) errors.push({ field: 'max_select', message: 'must be at least 1' });
  if (min > max) {
    errors.push({
      field: 'min_select',
      message: `min_select (${min}) cannot exceed max_select (${max})`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rules: { min_select: min, max_select: max, is_required: required } };
}

/** A group offered on an item must be satisfiable: enough options to meet its minimum. */
export function isSatisfiable(rules: Pick<SelectionRules, 'min_select'>, optionCount: number): boolean {
  return optionCount >= rules.min_select;
}

/**
 * The first loop in the "option opens group" graph reachable from `start`, as the groups on it
 * (start … start), or null. `edges` maps a group to the groups its options open.
 */
export function findCycle(edges: ReadonlyMap<string, Iterable<string>>, start: string): string[] | null {
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (group: string): string[] | null => {
    if (onPath.has(group)) return [...path.slice(path.indexOf(group)), group];
    if (done.has(group)) return null;
    onPath.add(group);
    path.push(group);
    for (const next of edges.get(group) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(group);
    done.add(group);
    return null;
  };
  return visit(start);
}

/** Groups reachable from `roots` through options (not counting the roots), in discovery order. */
export function reachableGroups(edges: ReadonlyMap<string, Iterable<string>>, roots: string[]): string[] {
  const seen = new Set(roots);
  const found: string[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const group = queue.shift()!;
    for (const next of edges.get(group) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      found.push(next);
      queue.push(next);
    }
  }
  return found;
}
