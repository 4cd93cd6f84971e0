/** Inventory module options (the composition root may override them). */
export interface InventoryOptions {
  /** How often the sweep runs (expiry alerts across restaurants); 0 = never. */
  sweepIntervalMs: number;
  /** How often pending menu effects (86 / back) are looked for, besides right after each change; 0 = never. */
  effectsPollMs: number;
}

export const defaultInventoryOptions: InventoryOptions = { sweepIntervalMs: 60_000, effectsPollMs: 2_000 };
