/** The live menu as guests and staff order from it (docs/api.md: the public menu), and a cart line. */
export interface PublicMenu {
  restaurant: { name: string; slug: string; currency: string; timezone: string; prices_include_tax: boolean };
  version: number;
  categories: MenuCategory[];
  modifier_groups: ModifierGroup[];
}

export interface MenuCategory {
  id: string;
  name: string;
  description: string | null;
  items: MenuItem[];
}

export interface MenuItem {
  id: string;
  name: string;
  description: string | null;
  price: number;
  image_url: string | null;
  allergens: string[];
  dietary_tags: string[];
  variants: { id: string; name: string; price: number }[];
  modifier_group_ids: string[];
}

export interface ModifierGroup {
  id: string;
  name: string;
  min_select: number;
  max_select: number;
  is_required: boolean;
  options: { id: string; name: string; price_delta: number; opens_group_id: string | null }[];
}

export interface CartLine {
  key: string;
  item: MenuItem;
  variant: { id: string; name: string; price: number } | null;
  options: { id: string; name: string; price_delta: number }[];
  quantity: number;
  notes: string;
  /** Staff orders only: whose plate (null: shared) and which course fires it. */
  seat?: number | null;
  course?: number;
}

export function unitPrice(line: Pick<CartLine, 'item' | 'variant' | 'options'>) {
  return (
    (line.variant?.price ?? line.item.price) +
    line.options.reduce((sum, option) => sum + option.price_delta, 0)
  );
}

/** Cart lines as the order endpoints take them: ids only, never a price (the server prices). */
export function orderLines(lines: CartLine[]) {
  return lines.map((line) => ({
    menu_item_id: line.item.id,
    ...(line.variant && { variant_id: line.variant.id }),
    option_ids: line.options.map((option) => option.id),
    quantity: line.quantity,
    ...(line.notes && { notes: line.notes }),
    ...(line.seat && { seat: line.seat }),
    ...(line.course && { course: line.course }),
  }));
}
