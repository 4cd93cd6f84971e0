/**
 * Seed 004's order numbers: `ORD_<local business date>_<sequence of the day>`, the sequence
 * padded to three digits and growing past 999 (ORD_20241216_001 … ORD_20241216_1000).
 */
export function formatOrderNumber(businessDate: string, sequence: number): string {
  return `ORD_${businessDate.replaceAll('-', '')}_${String(sequence).padStart(3, '0')}`;
}

/** Whether a reference names an order by its number rather than its id. */
export const looksLikeOrderNumber = (ref: string) => /^ORD_[0-9]{8}_[0-9]{3,}$/.test(ref);
