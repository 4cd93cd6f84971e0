/** Settings the composition root passes in. */
export interface FloorOptions {
  /** Where guests land: printed codes encode `<publicBaseUrl>/t/<token>`. */
  publicBaseUrl: string;
  /**
   * Keys the QR tokens (HMAC-SHA256). Changing it changes every table's token: codes printed
   * before keep resolving (lookups go by the stored hash) until their table is rotated, but
   * staff must rotate to print again (the API answers qr_rotation_required meanwhile).
   */
  qrSecret: string;
  /** Minutes a party usually stays, for the waitlist estimate. */
  turnMinutes: number;
  /** Public QR lookups per table code per minute (an address gets 20 codes' worth). */
  publicLookupsPerCodePerMinute: number;
}

/** For development and tests; production configuration must set its own secret. */
export const developmentQrSecret = 'brigade-floor-development-qr-secret-do-not-use-in-production';

export const defaultFloorOptions: FloorOptions = {
  publicBaseUrl: 'http://127.0.0.1:3000',
  qrSecret: developmentQrSecret,
  turnMinutes: 45,
  publicLookupsPerCodePerMinute: 60,
};
