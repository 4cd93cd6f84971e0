import type { ProviderEnvironment } from './providers/registry.js';

/** Settings the composition root passes in. */
export interface PaymentsOptions {
  /**
   * Keys the encryption of the restaurants' provider secrets at rest (AES-256-GCM under an
   * HKDF-SHA256 derivation of it). Changing it makes stored provider keys unreadable.
   */
  secret: string;
  /** Where the providers live (tests point them at local servers), clock, resilience tuning. */
  providers: ProviderEnvironment;
  /** Preset tips offered on a check, in basis points. */
  tipPresetsBps: number[];
  /** Where providers reach this installation (shown as the webhook URL to configure). */
  publicBaseUrl: string | null;
  /** How often unsettled payments are reconciled with their provider (0: never by itself). */
  reconcileIntervalMs: number;
  /** A payment unsettled this long is asked about. */
  reconcileAfterSeconds: number;
  /** Guests' bill and payment requests per table or order code per minute (an address gets 20 codes' worth). */
  publicRequestsPerCodePerMinute: number;
}

/** For development and tests; production configuration passes AUTH_SECRET. */
export const developmentPaymentsSecret = 'brigade-payments-development-secret-do-not-use-in-production';

export const defaultPaymentsOptions: PaymentsOptions = {
  secret: developmentPaymentsSecret,
  providers: {},
  tipPresetsBps: [1000, 1500, 2000],
  publicBaseUrl: null,
  reconcileIntervalMs: 60_000,
  reconcileAfterSeconds: 300,
  publicRequestsPerCodePerMinute: 30,
};
