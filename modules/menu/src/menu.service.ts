import type { Database } from '@brigade/db';
import type { Clock } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { createCategories } from './categories.service.js';
import type { MenuService } from './contract/index.js';
import { createItems } from './items.service.js';
import { createModifiers } from './modifiers.service.js';
import { createPricing } from './pricing.service.js';

/**
 * The menu service: no cache anywhere, so a change (an 86 above all) shows on the very next read.
 * `tenants` is the tenants module's contract, used to check an item's tax category.
 */
export function createMenuService(
  db: Database,
  clock: Clock,
  publish: Publish,
  tenants: () => TenantsService,
): MenuService {
  return {
    ...createCategories(db, clock, publish),
    ...createItems(db, clock, publish, tenants),
    ...createModifiers(db, clock, publish),
    ...createPricing(db),
  };
}
