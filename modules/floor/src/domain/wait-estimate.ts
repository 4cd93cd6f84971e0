/**
 * The wait quoted to a party joining the waitlist, in minutes (rounded up to 5).
 *
 * - No table fits the party at all: `null` (the caller refuses with party_too_large).
 * - A fitting table is free (available, no open session) and nobody fitting waits: 0.
 * - Otherwise each fitting table frees up when its party has sat `turnMinutes` (at least 5
 *   more minutes from now; a free table counts as freeing now). The parties already waiting
 *   for such a table are served first, one table each in the order tables free up, and every
 *   table serves a new party each `turnMinutes`: the n-th party waits for the
 *   (n mod tables)-th table to free, plus (n div tables) full turns.
 */
export interface FittingTable {
  /** Minutes the current party has been seated; null when the table is free. */
  seatedMinutes: number | null;
}

export function estimateWaitMinutes(
  tables: FittingTable[],
  partiesAhead: number,
  turnMinutes: number,
): number | null {
  if (tables.length === 0) return null;
  const freesIn = tables
    .map((table) => (table.seatedMinutes === null ? 0 : Math.max(5, turnMinutes - table.seatedMinutes)))
    .sort((a, b) => a - b);
  const slot = partiesAhead % freesIn.length;
  const rounds = Math.floor(partiesAhead / freesIn.length);
  const minutes = freesIn[slot]! + rounds * turnMinutes;
  return Math.ceil(minutes / 5) * 5;
}
