import type { Order } from './types.js';

export interface OrderSearchInput {
  /** An order number (whole, a prefix, or today's sequence "7"), or part of a customer's name, phone or e-mail. */
  text: string;
  /** One order status, or '' for any. */
  status: string;
  /** Only orders of the restaurant's business day `date`. */
  today: boolean;
}

/**
 * The search as the orders list filters it (`number` prefix, `status`) plus what the API cannot
 * filter on — the customer — matched on the answers. Today's orders are the numbers
 * `ORD_<business date>_…`, counted in the restaurant's time zone exactly like the business day.
 */
export function searchFilter(input: OrderSearchInput, date: string) {
  const text = input.text.trim();
  const day = `ORD_${date.replaceAll('-', '')}`;
  let number: string | undefined;
  let customer: string | null = null;
  if (/^ORD_[A-Z0-9_]*$/i.test(text)) number = text.toUpperCase();
  else if (input.today && /^\d{1,6}$/.test(text)) number = `${day}_${text.padStart(3, '0')}`;
  else {
    if (input.today) number = day;
    if (text) customer = text.toLowerCase();
  }
  const params = new URLSearchParams({ limit: '50' });
  if (number) params.set('number', number);
  if (input.status) params.set('status', input.status);
  const digits = customer?.replace(/\D/g, '') ?? '';
  return {
    query: params.toString(),
    matches(order: Order) {
      if (!customer) return true;
      const { name, phone, email } = order.customer ?? {};
      if ([name, email].some((value) => value?.toLowerCase().includes(customer))) return true;
      return digits.length >= 3 && (phone ?? '').replace(/\D/g, '').includes(digits);
    },
  };
}
