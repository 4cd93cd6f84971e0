import type { Checks } from './form-errors.js';
import type { ModifierGroup } from './menu-data.js';
import { moneyText, parseMoney } from './money-input.js';

/** The modifier group editor's fields as typed. */
export interface GroupDraft {
  name: string;
  min_select: string;
  max_select: string;
  options: { id?: string; name: string; price_delta: string; opens_group_id: string }[];
}

export type GroupField = keyof GroupDraft;

export function groupDraft(group: ModifierGroup | null, currency: string): GroupDraft {
  return {
    name: group?.name ?? '',
    min_select: String(group?.min_select ?? 0),
    max_select: String(group?.max_select ?? 1),
    options: [...(group?.options ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((option) => ({
        id: option.id,
        name: option.name,
        price_delta: moneyText(option.price_delta, currency),
        opens_group_id: option.opens_group_id ?? '',
      })),
  };
}

const count = (text: string) => (/^\d{1,2}$/.test(text.trim()) ? Number(text) : null);

/** The API's rules, checked before sending: 0 ≤ min ≤ max, 1 ≤ max ≤ 50, distinct named options. */
export function checkGroup(draft: GroupDraft, currency: string): Checks<GroupField> {
  const checks: Checks<GroupField> = {};
  if (!draft.name.trim()) checks.name = 'form.required';
  const min = count(draft.min_select);
  const max = count(draft.max_select);
  if (min === null || min > 50) checks.min_select = 'backoffice.count_invalid';
  if (max === null || max < 1 || max > 50) checks.max_select = 'backoffice.max_invalid';
  else if (min !== null && min > max) checks.min_select = 'backoffice.min_over_max';
  const names = draft.options.map((option) => option.name.trim().toLowerCase());
  if (names.some((name) => !name)) checks.options = 'backoffice.option_name_required';
  else if (new Set(names).size !== names.length) checks.options = 'backoffice.option_names_differ';
  else if (draft.options.some((option) => parseMoney(option.price_delta, currency) === null))
    checks.options = 'backoffice.price_invalid';
  else if (min !== null && min > draft.options.length) checks.options = 'backoffice.too_few_options';
  return checks;
}

export function groupBody(draft: GroupDraft, currency: string) {
  return {
    name: draft.name.trim(),
    min_select: Number(draft.min_select),
    max_select: Number(draft.max_select),
    options: draft.options.map((option) => ({
      ...(option.id && { id: option.id }),
      name: option.name.trim(),
      price_delta: parseMoney(option.price_delta, currency)!,
      opens_group_id: option.opens_group_id || null,
    })),
  };
}
