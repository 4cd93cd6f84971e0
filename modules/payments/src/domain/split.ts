/**
 * Splitting a check, pure and exact in integer minor units: evenly, by amounts, by item (whole
 * lines or fractions of them) or by seat. Every split's parts add up to exactly what is split;
 * the service charge and its tax follow the items in proportion (largest remainder).
 */
import { allocate } from '@brigade/orders';

export interface SplitLine {
  line_id: string;
  name: string;
  seat: number | null;
  total: number;
}

export interface PartClaim {
  label?: string | undefined;
  items: { line_id: string; numerator: number; denominator: number }[];
}

export interface SplitPart {
  label: string;
  amount: number;
  items: { line_id: string; name: string; numerator: number; denominator: number; amount: number }[];
}

export type SplitProblem = { message: string; field?: string };

export function splitEvenly(due: number, parts: number): SplitPart[] {
  return allocate(
    due,
    Array.from({ length: parts }, () => 1),
  ).map((amount, index) => ({ label: `${index + 1} of ${parts}`, amount, items: [] }));
}

export function splitByAmounts(due: number, amounts: readonly number[]): SplitPart[] | SplitProblem {
  const sum = amounts.reduce((total, amount) => total + amount, 0);
  if (sum !== due) return { message: `The amounts add up to ${sum}; ${due} is due.`, field: 'amounts' };
  return amounts.map((amount, index) => ({ label: `Part ${index + 1}`, amount, items: [] }));
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * Parts by item. Each line is shared between the parts that claim it by their fractions (at
 * most the whole line); what nobody claimed goes to a last part ("Rest"). `extra` (the service
 * charge and its tax) is spread over the parts in proportion to their items.
 */
export function splitByItems(
  lines: readonly SplitLine[],
  claims: readonly PartClaim[],
  extra: number,
): SplitPart[] | SplitProblem {
  const byId = new Map(lines.map((line) => [line.line_id, line]));
  for (const [partIndex, claim] of claims.entries()) {
    for (const [itemIndex, item] of claim.items.entries()) {
      if (!byId.has(item.line_id)) {
        return {
          message: `No line ${item.line_id} on this check.`,
          field: `parts[${partIndex}].items[${itemIndex}].line_id`,
        };
      }
      if (item.numerator > item.denominator) {
        return {
          message: 'A share of a line is at most the whole line.',
          field: `parts[${partIndex}].items[${itemIndex}]`,
        };
      }
    }
  }
  const parts: SplitPart[] = claims.map((claim, index) => ({
    label: claim.label ?? `Part ${index + 1}`,
    amount: 0,
    items: [],
  }));
  const rest: SplitPart = { label: 'Rest', amount: 0, items: [] };
  for (const line of lines) {
    const shares = claims.flatMap((claim, part) =>
      claim.items
        .filter((item) => item.line_id === line.line_id)
        .map((item) => ({ part, numerator: BigInt(item.numerator), denominator: BigInt(item.denominator) })),
    );
    if (shares.length === 0) {
      rest.items.push({
        line_id: line.line_id,
        name: line.name,
        numerator: 1,
        denominator: 1,
        amount: line.total,
      });
      continue;
    }
    // Exact weights over a common denominator: Σ shares ≤ 1, the remainder is unclaimed.
    const common = shares.reduce((lcm, share) => (lcm * share.denominator) / gcd(lcm, share.denominator), 1n);
    const weights = shares.map((share) => (share.numerator * common) / share.denominator);
    const claimed = weights.reduce((sum, weight) => sum + weight, 0n);
    if (claimed > common) {
      return { message: `The shares of "${line.name}" add up to more than the whole line.`, field: 'parts' };
    }
    const amounts = allocate(line.total, [...weights, common - claimed].map(Number));
    shares.forEach((share, index) => {
      parts[share.part]!.items.push({
        line_id: line.line_id,
        name: line.name,
        numerator: Number(share.numerator),
        denominator: Number(share.denominator),
        amount: amounts[index]!,
      });
    });
    const left = amounts[amounts.length - 1]!;
    if (common > claimed) {
      const remainder = common - claimed;
      const divisor = gcd(remainder, common);
      rest.items.push({
        line_id: line.line_id,
        name: line.name,
        numerator: Number(remainder / divisor),
        denominator: Number(common / divisor),
        amount: left,
      });
    }
  }
  const all = rest.items.length > 0 ? [...parts, rest] : parts;
  const itemTotals = all.map((part) => part.items.reduce((sum, item) => sum + item.amount, 0));
  // Free items only: the extra is shared evenly.
  const extras = allocate(
    extra,
    itemTotals.some((amount) => amount > 0) ? itemTotals : itemTotals.map(() => 1),
  );
  return all.map((part, index) => ({ ...part, amount: itemTotals[index]! + extras[index]! }));
}

/** One part per seat; lines without a seat are shared evenly by every seat. */
export function splitBySeat(lines: readonly SplitLine[], extra: number): SplitPart[] | SplitProblem {
  const seats = [...new Set(lines.flatMap((line) => (line.seat === null ? [] : [line.seat])))].sort(
    (a, b) => a - b,
  );
  if (seats.length === 0) return { message: 'No line of this check names a seat.', field: 'mode' };
  const shared = lines.filter((line) => line.seat === null);
  const claims: PartClaim[] = seats.map((seat) => ({
    label: `Seat ${seat}`,
    items: [
      ...lines
        .filter((line) => line.seat === seat)
        .map((line) => ({ line_id: line.line_id, numerator: 1, denominator: 1 })),
      ...shared.map((line) => ({ line_id: line.line_id, numerator: 1, denominator: seats.length })),
    ],
  }));
  return splitByItems(lines, claims, extra);
}

export const isProblem = (value: SplitPart[] | SplitProblem): value is SplitProblem => !Array.isArray(value);
