import { defineSubscriber, type Subscriber } from '@brigade/messaging';
import { tenantsEvents } from '@brigade/tenants';
import { menuEvents } from '../contract/index.js';
import type { PublicMenus } from '../public-menu.js';

/**
 * Drops a restaurant's cached public menu when what guests see changes: a publish, a rollback,
 * an 86 (or back) of an item or option, or the restaurant's own name, slug, currency, time
 * zone or activation. Runs after the change committed; the cache's TTL is the safety net.
 */
export function publicMenuCacheSubscribers(publicMenus: PublicMenus): Subscriber[] {
  const forget = async (event: { tenant_id: string }) => publicMenus.forget(event.tenant_id);
  const forgetRestaurant = async (event: { payload: { restaurant_id: string } }) =>
    publicMenus.forget(event.payload.restaurant_id);
  return [
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.version-published',
      event: menuEvents.versionPublished,
      handle: forget,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.version-restored',
      event: menuEvents.versionRestored,
      handle: forget,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.item-availability',
      event: menuEvents.itemAvailabilityChanged,
      handle: forget,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.variant-availability',
      event: menuEvents.variantAvailabilityChanged,
      handle: forget,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.option-availability',
      event: menuEvents.optionAvailabilityChanged,
      handle: forget,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.restaurant-updated',
      event: tenantsEvents.restaurantUpdated,
      handle: forgetRestaurant,
    }),
    defineSubscriber({
      subscriberId: 'menu.public-menu-cache.restaurant-activation',
      event: tenantsEvents.restaurantActivationChanged,
      handle: forgetRestaurant,
    }),
  ];
}
