/** Settings the composition root passes in. */
export interface KitchenOptions {
  /** Where items without a station go. */
  defaultStation: string;
  /** Target prep time of a ticket none of whose items has one. */
  defaultPrepSeconds: number;
  /** How long after its bump a ticket may still be recalled. */
  recallWindowSeconds: number;
  /** A worker with no heartbeat for this long is offline; its tickets are released. */
  heartbeatTimeoutSeconds: number;
  /** How often the sweep runs (late tickets, vanished workers, effects on orders); 0 = never by itself. */
  sweepIntervalMs: number;
}

export const defaultKitchenOptions: KitchenOptions = {
  defaultStation: 'kitchen',
  defaultPrepSeconds: 600,
  recallWindowSeconds: 600,
  heartbeatTimeoutSeconds: 30,
  sweepIntervalMs: 5_000,
};
