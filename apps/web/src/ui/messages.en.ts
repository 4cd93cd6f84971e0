import * as admin from './messages/admin.js';
import * as backoffice from './messages/backoffice.js';
import * as guest from './messages/guest.js';
import * as inventory from './messages/inventory.js';
import * as kds from './messages/kds.js';
import * as platform from './messages/platform.js';
import * as pos from './messages/pos.js';
import * as shared from './messages/shared.js';

/** English, the reference locale, one file per area (src/ui/messages/): every other locale translates every key. */
export const en = {
  ...shared.en,
  ...guest.en,
  ...kds.en,
  ...pos.en,
  ...admin.en,
  ...platform.en,
  ...inventory.en,
  ...backoffice.en,
} as const;

export type MessageKey = keyof typeof en;
