import type { AppModule } from '@brigade/http';
import { defineModule, type RequestContext } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import { type MenuService, menuEvents } from './contract/index.js';
import { seedDemoMenu } from './demo.seed.js';
import { menuRoutes } from './http/menu.routes.js';
import { publicMenuRoutes } from './http/public-menu.routes.js';
import { createMenuImportExport, importExportRoutes } from './import-export/index.js';
import { createLiveMenus } from './live-menu.js';
import { createMenuService } from './menu.service.js';
import { createPublicMenus, type PublicMenus } from './public-menu.js';
import { publicMenuCacheSubscribers } from './subscribers/public-menu-cache.subscriber.js';

/**
 * The menu (issue 5): categories, items, variants, modifiers, availability, price history;
 * publishing the draft as immutable versions, the public guest menu of the live one, and bulk
 * import/export as JSON or CSV.
 */
/**
 * Changes of what guests see drop the cached public menu as soon as they commit, before their
 * event reaches any phone: a guest told of an 86 on the live feed re-reads a fresh menu. (The
 * cache subscribers do it again for the other processes; the cache's TTL is the last resort.)
 */
function withFreshPublicMenu(service: MenuService, publicMenus: PublicMenus): MenuService {
  const fresh =
    <Input, Output>(change: (ctx: RequestContext, input: Input) => Promise<Output>) =>
    async (ctx: RequestContext, input: Input) => {
      const result = await change(ctx, input);
      if (ctx.tenantId) await publicMenus.forget(ctx.tenantId);
      return result;
    };
  return {
    ...service,
    setItemAvailability: fresh(service.setItemAvailability),
    setVariantAvailability: fresh(service.setVariantAvailability),
    setOptionAvailability: fresh(service.setOptionAvailability),
    publishMenu: fresh(service.publishMenu),
    restoreMenuVersion: fresh(service.restoreMenuVersion),
  };
}

export const menuModule: AppModule<MenuService> = defineModule({
  name: 'menu',
  migrations: new URL('../migrations/', import.meta.url),
  events: Object.values(menuEvents),
  create({ db, clock, publish, services, cache }) {
    const tenants = () => services<TenantsService>('tenants');
    const liveMenus = createLiveMenus();
    const publicMenus = createPublicMenus(db, tenants, cache, liveMenus);
    const service = withFreshPublicMenu(
      createMenuService(db, clock, publish, tenants, liveMenus),
      publicMenus,
    );
    const routes = menuRoutes(service);
    const publicRoutes = publicMenuRoutes(publicMenus);
    const importExport = createMenuImportExport(db, clock, publish, tenants);
    return {
      service,
      routes: async (app) => {
        await app.register(routes);
        await app.register(publicRoutes);
        await app.register(importExportRoutes(importExport));
      },
      subscribers: publicMenuCacheSubscribers(publicMenus),
      seed: () => seedDemoMenu(service, clock),
    };
  },
});
