import type { PricingGroup, PricingItem } from './schemas.js';

/** What a guest chose for one line: a variant (required when the item has any) and options. */
export interface LineSelection {
  variant_id?: string | null | undefined;
  option_ids: readonly string[];
}

export type SelectionProblemCode =
  | 'item_unavailable'
  | 'variant_required'
  | 'unknown_variant'
  | 'variant_unavailable'
  | 'unknown_option'
  | 'duplicate_option'
  | 'option_unavailable'
  | 'too_few_options'
  | 'too_many_options';

export interface SelectionProblem {
  code: SelectionProblemCode;
  message: string;
  /** The variant, option or group concerned. */
  ref: string | null;
}

export type PricedLine =
  | {
      ok: true;
      /** Minor units: the variant's price (or the item's) plus every chosen option's delta. */
      unit_price: number;
      base_price: number;
      variant_id: string | null;
      options: { id: string; group_id: string; name: string; price_delta: number }[];
    }
  | { ok: false; problems: SelectionProblem[] };

/**
 * Prices one line of an order on the server from getItemsForPricing's answer — pure, so
 * orders (and guest apps, to preview) price exactly alike. The groups open to a choice are the
 * item's own plus those a chosen option opens; each open group's min/max must hold; options of
 * a group that is not open are unknown. Problems are all reported, not just the first.
 */
export function priceLine(item: PricingItem, selection: LineSelection): PricedLine {
  const problems: SelectionProblem[] = [];
  if (!item.is_available) {
    problems.push({ code: 'item_unavailable', message: `${item.name} is sold out.`, ref: item.id });
  }

  let base = item.price;
  const variantId = selection.variant_id ?? null;
  if (variantId === null) {
    if (item.variants.length > 0) {
      problems.push({ code: 'variant_required', message: `Choose a size of ${item.name}.`, ref: item.id });
    }
  } else {
    const variant = item.variants.find((candidate) => candidate.id === variantId);
    if (variant) {
      base = variant.price;
      if (!variant.is_available) {
        problems.push({
          code: 'variant_unavailable',
          message: `${item.name} (${variant.name}) is sold out.`,
          ref: variant.id,
        });
      }
    } else
      problems.push({
        code: 'unknown_variant',
        message: `${item.name} has no variant ${variantId}.`,
        ref: variantId,
      });
  }

  const groups = new Map<string, PricingGroup>(
    [...item.modifier_groups, ...item.nested_modifier_groups].map((group) => [group.id, group]),
  );
  const optionIndex = new Map(
    [...groups.values()].flatMap((group) => group.options.map((option) => [option.id, option] as const)),
  );
  const chosen = new Set<string>();
  for (const id of selection.option_ids) {
    if (chosen.has(id))
      problems.push({ code: 'duplicate_option', message: `Option ${id} is chosen twice.`, ref: id });
    chosen.add(id);
  }

  // Open groups: the item's own, then (transitively) those opened by chosen options.
  const open = new Set(item.modifier_groups.map((group) => group.id));
  const queue = [...open];
  while (queue.length > 0) {
    const group = groups.get(queue.shift()!);
    for (const option of group?.options ?? []) {
      if (option.opens_group_id && chosen.has(option.id) && !open.has(option.opens_group_id)) {
        open.add(option.opens_group_id);
        queue.push(option.opens_group_id);
      }
    }
  }

  const options: { id: string; group_id: string; name: string; price_delta: number }[] = [];
  const perGroup = new Map<string, number>();
  for (const id of chosen) {
    const option = optionIndex.get(id);
    if (!option || !open.has(option.group_id)) {
      problems.push({
        code: 'unknown_option',
        message: `Option ${id} is not offered with ${item.name}.`,
        ref: id,
      });
      continue;
    }
    if (!option.is_available) {
      problems.push({ code: 'option_unavailable', message: `${option.name} is sold out.`, ref: id });
    }
    perGroup.set(option.group_id, (perGroup.get(option.group_id) ?? 0) + 1);
    options.push({ id, group_id: option.group_id, name: option.name, price_delta: option.price_delta });
  }
  for (const groupId of open) {
    const group = groups.get(groupId);
    if (!group) continue;
    const count = perGroup.get(groupId) ?? 0;
    if (count < group.min_select) {
      problems.push({
        code: 'too_few_options',
        message: `Choose at least ${group.min_select} from ${group.name}.`,
        ref: groupId,
      });
    }
    if (count > group.max_select) {
      problems.push({
        code: 'too_many_options',
        message: `Choose at most ${group.max_select} from ${group.name}.`,
        ref: groupId,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const unit = options.reduce((sum, option) => sum + option.price_delta, base);
  return { ok: true, unit_price: unit, base_price: base, variant_id: variantId, options };
}
