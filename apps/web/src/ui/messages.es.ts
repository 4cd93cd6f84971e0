import * as admin from './messages/admin.js';
import * as backoffice from './messages/backoffice.js';
import * as guest from './messages/guest.js';
import * as inventory from './messages/inventory.js';
import * as kds from './messages/kds.js';
import * as platform from './messages/platform.js';
import * as pos from './messages/pos.js';
import * as shared from './messages/shared.js';
import type { MessageKey } from './messages.en.js';

/** Spanish: proves the i18n layer; every key of the English catalogue is required. */
export const es: Record<MessageKey, string> = {
  ...shared.es,
  ...guest.es,
  ...kds.es,
  ...pos.es,
  ...admin.es,
  ...platform.es,
  ...inventory.es,
  ...backoffice.es,
};
