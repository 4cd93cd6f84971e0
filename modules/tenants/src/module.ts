import type { AppModule } from '@brigade/http';
import { defineModule } from '@brigade/kernel';
import { type TenantsService, tenantsEvents } from './contract/index.js';
import { seedDemoRestaurant } from './demo.seed.js';
import { restaurantsRoutes } from './http/restaurants.routes.js';
import { createTenantsService } from './tenants.service.js';

export const tenantsModule: AppModule<TenantsService> = defineModule({
  name: 'tenants',
  migrations: new URL('../migrations/', import.meta.url),
  events: Object.values(tenantsEvents),
  create({ db, clock, publish, cache }) {
    const service = createTenantsService(db, clock, publish, cache);
    return {
      service,
      routes: restaurantsRoutes(service),
      seed: () => seedDemoRestaurant(service, clock),
    };
  },
});
