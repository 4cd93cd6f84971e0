import type { Unit } from '../contract/schemas.js';

/**
 * Units of measure (issue 9 point 1). Every ingredient is stored in the base unit of its
 * dimension (g, ml, piece); quantities given in another unit of the same dimension are
 * converted, across dimensions they are refused.
 */
export type BaseUnit = 'g' | 'ml' | 'piece';

const table: Record<Unit, { base: BaseUnit; factor: number }> = {
  g: { base: 'g', factor: 1 },
  kg: { base: 'g', factor: 1000 },
  ml: { base: 'ml', factor: 1 },
  l: { base: 'ml', factor: 1000 },
  piece: { base: 'piece', factor: 1 },
};

export const baseUnitOf = (unit: Unit): BaseUnit => table[unit].base;

/** How many base units one `unit` is (kg → 1000). */
export const factorOf = (unit: Unit): number => table[unit].factor;

/** Stored quantities carry three decimals. */
export const roundQuantity = (value: number): number => Math.round(value * 1000) / 1000;

/** `quantity` of `from` in `to`'s base unit, or null when the dimensions differ (kg → ml). */
export function toBase(quantity: number, from: Unit, ingredientUnit: Unit): number | null {
  if (baseUnitOf(from) !== baseUnitOf(ingredientUnit)) return null;
  return roundQuantity(quantity * factorOf(from));
}

/** A base quantity expressed in the ingredient's own unit (2500 g of a kg ingredient → 2.5). */
export const fromBase = (quantity: number, unit: Unit): number => roundQuantity(quantity / factorOf(unit));

/** Value in minor units of a base quantity at `costPerUnit` minor units per `unit`, rounded half away from zero. */
export function valueAt(baseQuantity: number, costPerUnit: number, unit: Unit): number {
  const exact = (baseQuantity * costPerUnit) / factorOf(unit);
  const rounded = Math.sign(exact) * Math.round(Math.abs(exact));
  return rounded === 0 ? 0 : rounded;
}
