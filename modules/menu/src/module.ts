import type { AppModule } from '@brigade/http';
import { defineModule } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import { type MenuService, menuEvents } from './contract/index.js';
import { seedDemoMenu } from './demo.seed.js';
import { menuRoutes } from './http/menu.routes.js';
import { createMenuService } from './menu.service.js';

/** The menu (issue 5): categories, items, variants, modifiers, availability, price history. */
export const menuModule: AppModule<MenuService> = defineModule({
  name: 'menu',
  migrations: new URL('../migrations/', import.meta.url),
  events: Object.values(menuEvents),
  create({ db, clock, publish, services }) {
    const service = createMenuService(db, clock, publish, () => services<TenantsService>('tenants'));
    return {
      service,
      routes: menuRoutes(service),
      seed: () => seedDemoMenu(service, clock),
    };
  },
});
