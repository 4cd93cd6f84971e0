import type { Category, MenuItem, MenuSnapshot, ModifierGroup } from './menu-data.js';

export interface Draft {
  categories: Category[];
  items: MenuItem[];
  groups: ModifierGroup[];
}

/**
 * The draft in the shape of a published snapshot (what publishing it now would freeze):
 * categories and items in order, then the groups items offer and those their options open.
 * Availability and cost prices are left out — they are not part of a version.
 */
export function snapshotOf(draft: Draft): MenuSnapshot {
  const byPosition = <T extends { position: number; id: string }>(a: T, b: T) =>
    a.position - b.position || a.id.localeCompare(b.id);
  const categories = [...draft.categories].sort(byPosition).map((category) => ({
    id: category.id,
    name: category.name,
    description: category.description,
    position: category.position,
    items: draft.items
      .filter((item) => item.category_id === category.id)
      .sort(byPosition)
      .map((item) => ({
        id: item.id,
        category_id: item.category_id,
        name: item.name,
        description: item.description,
        price: item.price,
        tax_category: item.tax_category,
        image_url: item.image_url,
        allergens: item.allergens,
        dietary_tags: item.dietary_tags,
        station: item.station,
        prep_time_seconds: item.prep_time_seconds,
        position: item.position,
        variants: [...item.variants]
          .sort(byPosition)
          .map(({ id, name, price, position }) => ({ id, name, price, position })),
        modifier_group_ids: item.modifier_group_ids,
      })),
  }));
  const groups = new Map(draft.groups.map((group) => [group.id, group]));
  const reached: string[] = [];
  const visit = (id: string) => {
    if (reached.includes(id) || !groups.has(id)) return;
    reached.push(id);
  };
  for (const category of categories)
    for (const item of category.items) item.modifier_group_ids.forEach(visit);
  for (let index = 0; index < reached.length; index++) {
    for (const option of groups.get(reached[index]!)!.options)
      if (option.opens_group_id) visit(option.opens_group_id);
  }
  return {
    categories,
    modifier_groups: reached.map((id) => {
      const { options, ...group } = groups.get(id)!;
      return {
        id: group.id,
        name: group.name,
        min_select: group.min_select,
        max_select: group.max_select,
        is_required: group.is_required,
        options: [...options]
          .sort(byPosition)
          .map(({ id, group_id, name, price_delta, opens_group_id, position }) => ({
            id,
            group_id,
            name,
            price_delta,
            opens_group_id,
            position,
          })),
      };
    }),
  };
}

/** A stable text for a snapshot: key order and group order do not count as changes. */
function canonical(snapshot: MenuSnapshot): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, entry]) => [key, sortKeys(entry)]),
      );
    return value;
  };
  const groups = [...snapshot.modifier_groups].sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(sortKeys({ ...snapshot, modifier_groups: groups }));
}

/** Whether guests would see a different menu if the draft were published now. */
export function hasUnpublishedChanges(draft: Draft, live: MenuSnapshot | null): boolean {
  if (!live) return draft.categories.length > 0 || draft.items.length > 0;
  return canonical(snapshotOf(draft)) !== canonical(live);
}
