import { type Checks, identifierList, identifierPattern } from './form-errors.js';
import type { MenuItem } from './menu-data.js';
import { moneyText, parseMoney } from './money-input.js';

/** The item editor's fields as typed (prices in major units, lists comma-separated). */
export interface ItemDraft {
  name: string;
  description: string;
  category_id: string;
  price: string;
  cost_price: string;
  tax_category: string;
  image_url: string;
  allergens: string;
  dietary_tags: string;
  station: string;
  prep_minutes: string;
  variants: { id?: string; name: string; price: string }[];
  modifier_group_ids: string[];
}

export type ItemField = keyof ItemDraft;

export function itemDraft(item: MenuItem | null, currency: string, categoryId: string): ItemDraft {
  return {
    name: item?.name ?? '',
    description: item?.description ?? '',
    category_id: item?.category_id ?? categoryId,
    price: item ? moneyText(item.price, currency) : '',
    cost_price: item?.cost_price == null ? '' : moneyText(item.cost_price, currency),
    tax_category: item?.tax_category ?? '',
    image_url: item?.image_url ?? '',
    allergens: item?.allergens.join(', ') ?? '',
    dietary_tags: item?.dietary_tags.join(', ') ?? '',
    station: item?.station ?? '',
    prep_minutes: item?.prep_time_seconds == null ? '' : String(item.prep_time_seconds / 60),
    variants: (item?.variants ?? []).map((variant) => ({
      id: variant.id,
      name: variant.name,
      price: moneyText(variant.price, currency),
    })),
    modifier_group_ids: item?.modifier_group_ids ?? [],
  };
}

function validUrl(text: string) {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** What the editor checks before sending (the same rules the menu API applies). */
export function checkItem(draft: ItemDraft, currency: string): Checks<ItemField> {
  const checks: Checks<ItemField> = {};
  if (!draft.name.trim()) checks.name = 'form.required';
  if (!draft.category_id) checks.category_id = 'form.required';
  if (parseMoney(draft.price, currency) === null) checks.price = 'backoffice.price_invalid';
  if (draft.cost_price.trim() && parseMoney(draft.cost_price, currency) === null)
    checks.cost_price = 'backoffice.price_invalid';
  if (draft.image_url.trim() && !validUrl(draft.image_url.trim()))
    checks.image_url = 'backoffice.url_invalid';
  if (!identifierList(draft.allergens).every((entry) => identifierPattern.test(entry)))
    checks.allergens = 'backoffice.identifiers_invalid';
  if (!identifierList(draft.dietary_tags).every((entry) => identifierPattern.test(entry)))
    checks.dietary_tags = 'backoffice.identifiers_invalid';
  if (draft.station.trim() && !identifierPattern.test(draft.station.trim()))
    checks.station = 'backoffice.identifier_invalid';
  const minutes = Number(draft.prep_minutes);
  if (draft.prep_minutes.trim() && !(Number.isInteger(minutes) && minutes >= 0 && minutes <= 1440))
    checks.prep_minutes = 'backoffice.prep_invalid';
  const names = draft.variants.map((variant) => variant.name.trim().toLowerCase());
  if (names.some((name) => !name)) checks.variants = 'backoffice.variant_name_required';
  else if (new Set(names).size !== names.length) checks.variants = 'backoffice.variant_names_differ';
  else if (draft.variants.some((variant) => parseMoney(variant.price, currency) === null))
    checks.variants = 'backoffice.price_invalid';
  return checks;
}

/** The request body (PUT replaces the whole item; POST creates one) from a checked draft. */
export function itemBody(draft: ItemDraft, currency: string) {
  const optional = (text: string) => text.trim() || null;
  return {
    name: draft.name.trim(),
    description: optional(draft.description),
    category_id: draft.category_id,
    price: parseMoney(draft.price, currency)!,
    cost_price: draft.cost_price.trim() ? parseMoney(draft.cost_price, currency) : null,
    tax_category: optional(draft.tax_category),
    image_url: optional(draft.image_url),
    allergens: identifierList(draft.allergens),
    dietary_tags: identifierList(draft.dietary_tags),
    station: optional(draft.station),
    prep_time_seconds: draft.prep_minutes.trim() ? Number(draft.prep_minutes) * 60 : null,
    variants: draft.variants.map((variant) => ({
      ...(variant.id && { id: variant.id }),
      name: variant.name.trim(),
      price: parseMoney(variant.price, currency)!,
    })),
    modifier_group_ids: draft.modifier_group_ids,
  };
}
