import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, isSatisfiable, reachableGroups, resolveSelection } from './modifier-rules.js';

describe('resolveSelection', () => {
  it('derives required from min_select and min_select from required', () => {
    expect(resolveSelection(null, {})).toEqual({
      ok: true,
      rules: { min_select: 0, max_select: 1, is_required: false },
    });
    expect(resolveSelection(null, { is_required: true })).toEqual({
      ok: true,
      rules: { min_select: 1, max_select: 1, is_required: true },
    });
    expect(resolveSelection(null, { min_select: 2 })).toEqual({
      ok: true,
      rules: { min_select: 2, max_select: 2, is_required: true },
    });
    expect(resolveSelection(null, { max_select: 4 })).toEqual({
      ok: true,
      rules: { min_select: 0, max_select: 4, is_required: false },
    });
  });

  it('refuses contradictions, naming the field', () => {
    const refused = (input: Parameters<typeof resolveSelection>[1]) => {
      const result = resolveSelection(null, input);
      return result.ok ? [] : result.errors.map((error) => error.field);
    };
    expect(refused({ min_select: 3, max_select: 2 })).toEqual(['min_select']);
    expect(refused({ is_required: true, min_select: 0 })).toEqual(['min_select']);
    expect(refused({ is_required: false, min_select: 2 })).toEqual(['min_select']);
    expect(refused({ max_select: 0 })).toEqual(['max_select']);
    expect(refused({ min_select: -1 })).toEqual(['min_select']);
  });

  it('applies a change over the current rules without stretching max', () => {
    const current = { min_select: 1, max_select: 2, is_required: true };
    expect(resolveSelection(current, { is_required: false })).toEqual({
      ok: true,
      rules: { min_select: 0, max_select: 2, is_required: false },
    });
    expect(resolveSelection(current, { max_select: 5 })).toMatchObject({
      ok: true,
      rules: { min_select: 1, max_select: 5 },
    });
    expect(resolveSelection(current, { min_select: 3 }).ok).toBe(false);
    expect(resolveSelection({ ...current, min_select: 2 }, { is_required: true })).toMatchObject({
      rules: { min_select: 2 },
    });
  });

  it('whatever it accepts obeys 0 ≤ min ≤ max, 1 ≤ max, required ⇔ min ≥ 1', () => {
    const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
    const rules = fc
      .tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 10 }))
      .filter(([min, max]) => min <= max)
      .map(([min, max]) => ({ min_select: min, max_select: max, is_required: min >= 1 }));
    fc.assert(
      fc.property(
        fc.option(rules, { nil: null }),
        maybe(fc.integer({ min: -2, max: 12 })),
        maybe(fc.integer({ min: -2, max: 12 })),
        maybe(fc.boolean()),
        (current, min_select, max_select, is_required) => {
          const result = resolveSelection(current, { min_select, max_select, is_required });
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            return;
          }
          const { rules: out } = result;
          expect(out.min_select).toBeGreaterThanOrEqual(0);
          expect(out.max_select).toBeGreaterThanOrEqual(1);
          expect(out.min_select).toBeLessThanOrEqual(out.max_select);
          expect(out.is_required).toBe(out.min_select >= 1);
          if (min_select !== undefined) expect(out.min_select).toBe(min_select);
          if (max_select !== undefined) expect(out.max_select).toBe(max_select);
          if (is_required !== undefined) expect(out.is_required).toBe(is_required);
        },
      ),
    );
  });
});

describe('the option graph', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds a loop through the start, a self-loop, and none in a tree', () => {
    expect(findCycle(graph({ a: ['b'], b: ['c'], c: ['a'] }), 'a')).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(graph({ a: ['a'] }), 'a')).toEqual(['a', 'a']);
    expect(findCycle(graph({ a: ['b', 'c'], b: ['d'], c: ['d'] }), 'a')).toBeNull();
    expect(findCycle(graph({ a: ['b'], b: ['c'], c: ['b'] }), 'a')).toEqual(['b', 'c', 'b']);
  });

  it('finds a loop exactly when some group reaches itself', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const edgeList = fc.array(fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes)), {
      maxLength: 10,
    });
    fc.assert(
      fc.property(edgeList, (pairs) => {
        const edges = new Map<string, string[]>();
        for (const [from, to] of pairs) edges.set(from, [...(edges.get(from) ?? []), to]);
        // An independent oracle: the nodes reachable in one or more steps, by plain search.
        const after = (from: string) => {
          const seen = new Set<string>();
          const stack = [...(edges.get(from) ?? [])];
          while (stack.length > 0) {
            const node = stack.pop()!;
            if (seen.has(node)) continue;
            seen.add(node);
            stack.push(...(edges.get(node) ?? []));
          }
          return seen;
        };
        const loopFromA = ['a', ...after('a')].some((node) => after(node).has(node));
        const cycle = findCycle(edges, 'a');
        expect(cycle !== null).toBe(loopFromA);
        if (cycle) {
          expect(cycle[0]).toBe(cycle.at(-1));
          for (let i = 0; i + 1 < cycle.length; i++) expect(edges.get(cycle[i]!)).toContain(cycle[i + 1]);
        }
      }),
    );
  });

  it('lists groups reachable through options, not the roots, each once', () => {
    expect(reachableGroups(graph({ a: ['b', 'c'], b: ['c', 'd'], x: ['y'] }), ['a'])).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(reachableGroups(graph({ a: ['b'], b: ['a'] }), ['a', 'b'])).toEqual([]);
  });

  it('a group can be offered when it has at least min_select options', () => {
    expect(isSatisfiable({ min_select: 1 }, 0)).toBe(false);
    expect(isSatisfiable({ min_select: 1 }, 1)).toBe(true);
    expect(isSatisfiable({ min_select: 0 }, 0)).toBe(true);
  });
});
