/**
 * Order arithmetic, pure and exact in integer minor units (DESIGN.md §9), shared by orders,
 * payments and the guest app's preview. Discounts are spread over lines in proportion to their
 * subtotals (largest remainder, so the parts add up exactly) and reduce the taxable amount;
 * tax is computed per line and rounded half away from zero; a line's total is its discounted
 * subtotal plus the tax when prices exclude it. The order's figures are the sums of its lines',
 * so Σ line totals = subtotal − discounts + added tax = total, always.
 */
export interface TotalsLine {
  subtotal: number;
  tax_rate_bps: number;
}

export interface TotalsDiscount {
  amount: number;
  /** Indexes into `lines`; every line when absent. */
  line_indexes?: readonly number[] | undefined;
}

export interface LineTotals {
  discount: number;
  tax: number;
  total: number;
}

export interface OrderTotals {
  lines: LineTotals[];
  /** What each discount actually took (capped by what its lines had left). */
  discounts: number[];
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
}

/** Splits `amount` over `weights` proportionally; the parts sum to `amount` exactly. */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  if (sum === 0 || amount === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (amount * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((total, part) => total + part, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** Half away from zero, on a ratio of integers (no floating-point drift for money). */
function divideRounded(numerator: number, denominator: number): number {
  const quotient = Math.trunc(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return 2 * Math.abs(remainder) >= denominator ? quotient + Math.sign(numerator) : quotient;
}

export function taxOf(amount: number, rateBps: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax
    ? divideRounded(amount * rateBps, 10_000 + rateBps)
    : divideRounded(amount * rateBps, 10_000);
}

export function computeTotals(input: {
  lines: readonly TotalsLine[];
  discounts: readonly TotalsDiscount[];
  prices_include_tax: boolean;
}): OrderTotals {
  const { lines, prices_include_tax } = input;
  const lineDiscount = lines.map(() => 0);
  const granted = input.discounts.map((discount) => {
    // Each line once (a repeated index must not count its room twice), and only lines that exist.
    const indexes = [...new Set(discount.line_indexes ?? lines.map((_, index) => index))].filter(
      (index) => Number.isInteger(index) && index >= 0 && index < lines.length,
    );
    const room = indexes.map((index) => lines[index]!.subtotal - lineDiscount[index]!);
    const amount = Math.max(
      0,
      Math.min(
        discount.amount,
        room.reduce((total, value) => total + value, 0),
      ),
    );
    allocate(amount, room).forEach((part, position) => {
      lineDiscount[indexes[position]!]! += part;
    });
    return amount;
  });
  const lineTotals = lines.map((line, index) => {
    const discount = lineDiscount[index]!;
    const taxable = line.subtotal - discount;
    const tax = taxOf(taxable, line.tax_rate_bps, prices_include_tax);
    return { discount, tax, total: prices_include_tax ? taxable : taxable + tax };
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    lines: lineTotals,
    discounts: granted,
    subtotal: sum(lines.map((line) => line.subtotal)),
    discount_total: sum(granted),
    tax_total: sum(lineTotals.map((line) => line.tax)),
    total: sum(lineTotals.map((line) => line.total)),
  };
}
