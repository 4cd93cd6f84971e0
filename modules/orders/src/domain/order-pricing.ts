import type { FieldError } from '@brigade/kernel';
import { type PricingItem, priceLine, type SelectionProblemCode } from '@brigade/menu';
import {
  computeTotals,
  type DiscountGrant,
  type OrderLineInput,
  orderLineInputSchema,
} from '../contract/index.js';

/** The restaurant's tax settings (tenants' Restaurant.tax). */
export interface TaxSettings {
  prices_include_tax: boolean;
  default_category: string;
  rates: { category: string; name: string; rate_bps: number }[];
}

/** A line priced from the live menu, before the order's discounts and tax are settled. */
export interface PricedDraft {
  menu_item_id: string;
  category_id: string;
  name: string;
  variant_id: string | null;
  variant_name: string | null;
  options: { id: string; group_id: string; name: string; price_delta: number }[];
  quantity: number;
  unit_price: number;
  subtotal: number;
  tax_category: string;
  tax_name: string;
  tax_rate_bps: number;
  notes: string | null;
  seat: number | null;
  course: number;
  station: string | null;
  prep_time_seconds: number | null;
}

/** Which field of the line each of the menu's selection problems is about. */
const fieldOf: Record<SelectionProblemCode, string> = {
  item_unavailable: 'menu_item_id',
  variant_required: 'variant_id',
  unknown_variant: 'variant_id',
  variant_unavailable: 'variant_id',
  unknown_option: 'option_ids',
  duplicate_option: 'option_ids',
  option_unavailable: 'option_ids',
  too_few_options: 'option_ids',
  too_many_options: 'option_ids',
};

/** The rate of an item's tax category; items naming none (or one the restaurant lacks) take the default. */
export function taxFor(
  settings: TaxSettings,
  category: string | null,
): { category: string; name: string; rate_bps: number } {
  const rate =
    settings.rates.find((candidate) => candidate.category === (category ?? settings.default_category)) ??
    settings.rates.find((candidate) => candidate.category === settings.default_category);
  return rate ?? { category: settings.default_category, name: settings.default_category, rate_bps: 0 };
}

/**
 * Prices every line from the menu's answer; every problem of every line is reported, each
 * naming its line as `<field>[<index>].<what>` (index from `firstIndex`, as the client sent it).
 */
export function priceDrafts(
  inputs: readonly OrderLineInput[],
  items: ReadonlyMap<string, PricingItem>,
  tax: TaxSettings,
  field = 'lines',
): { drafts: PricedDraft[]; problems: FieldError[] } {
  const drafts: PricedDraft[] = [];
  const problems: FieldError[] = [];
  inputs.forEach((raw, index) => {
    const input = orderLineInputSchema.parse(raw);
    const item = items.get(input.menu_item_id);
    if (!item) {
      problems.push({
        field: `${field}[${index}].menu_item_id`,
        message: `No item ${input.menu_item_id} on the published menu.`,
      });
      return;
    }
    const priced = priceLine(item, { variant_id: input.variant_id, option_ids: input.option_ids });
    if (!priced.ok) {
      for (const problem of priced.problems) {
        problems.push({ field: `${field}[${index}].${fieldOf[problem.code]}`, message: problem.message });
      }
      return;
    }
    const rate = taxFor(tax, item.tax_category);
    drafts.push({
      menu_item_id: item.id,
      category_id: item.category_id,
      name: item.name,
      variant_id: priced.variant_id,
      variant_name: item.variants.find((variant) => variant.id === priced.variant_id)?.name ?? null,
      options: priced.options,
      quantity: input.quantity,
      unit_price: priced.unit_price,
      subtotal: priced.unit_price * input.quantity,
      tax_category: rate.category,
      tax_name: rate.name,
      tax_rate_bps: rate.rate_bps,
      notes: input.notes || null,
      seat: input.seat ?? null,
      course: input.course,
      station: item.station,
      prep_time_seconds: item.prep_time_seconds,
    });
  });
  return { drafts, problems };
}

/** A line as settlement needs it. */
export interface SettleLine {
  subtotal: number;
  tax_category: string;
  tax_name: string;
  tax_rate_bps: number;
}

/**
 * The order's figures from its active lines and the discounts granted: the contract's exact
 * arithmetic (computeTotals), plus the tax summed per category and the discounts as applied.
 */
export function settle(
  lines: readonly SettleLine[],
  grants: readonly DiscountGrant[],
  pricesIncludeTax: boolean,
) {
  const totals = computeTotals({
    lines: lines.map((line) => ({ subtotal: line.subtotal, tax_rate_bps: line.tax_rate_bps })),
    discounts: grants.map((grant) => ({ amount: grant.amount, line_indexes: grant.line_indexes })),
    prices_include_tax: pricesIncludeTax,
  });
  const taxes = new Map<string, { category: string; name: string; rate_bps: number; amount: number }>();
  lines.forEach((line, index) => {
    const entry = taxes.get(line.tax_category) ?? {
      category: line.tax_category,
      name: line.tax_name,
      rate_bps: line.tax_rate_bps,
      amount: 0,
    };
    entry.amount += totals.lines[index]!.tax;
    taxes.set(line.tax_category, entry);
  });
  return {
    lines: totals.lines,
    discounts: grants
      .map((grant, index) => ({
        code: grant.code,
        description: grant.description,
        amount: totals.discounts[index]!,
      }))
      .filter((discount) => discount.amount > 0),
    taxes: [...taxes.values()],
    subtotal: totals.subtotal,
    discount_total: totals.discount_total,
    tax_total: totals.tax_total,
    total: totals.total,
  };
}
