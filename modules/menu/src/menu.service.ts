import type { Database } from '@brigade/db';
import type { Clock } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { createCategories } from './categories.service.js';
import type { MenuService } from './contract/index.js';
import { createItems } from './items.service.js';
import type { LiveMenus } from './live-menu.js';
import { createModifiers } from './modifiers.service.js';
import { createPricing } from './pricing.service.js';
import { createPublishing } from './publishing.service.js';

/**
 * The menu service. Staff edit the draft (no cache: a change shows on the very next read);
 * guests and orders read the live published version, overlaid with availability as it is now
 * (an 86 applies at once). Parsed versions are kept in process: they never change.
 * `tenants` is the tenants module's contract, used to check an item's tax category.
 */
export function createMenuService(
  db: Database,
  clock: Clock,
  publish: Publish,
  tenants: () => TenantsService,
  liveMenus: LiveMenus,
): MenuService {
  return {
    ...createCategories(db, clock, publish),
    ...createItems(db, clock, publish, tenants),
    ...createModifiers(db, clock, publish),
    ...createPublishing(db, clock, publish),
    ...createPricing(db, liveMenus),
  };
}
