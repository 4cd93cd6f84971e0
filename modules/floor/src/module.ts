import type { AppModule } from '@brigade/http';
import { defineModule, systemContext } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import { type FloorService, floorEvents } from './contract/index.js';
import { seedDemoFloor } from './demo.seed.js';
import { createFloorPlan, type FloorDeps } from './floor-plan.service.js';
import { bookingsRoutes } from './http/bookings.routes.js';
import { floorPlanRoutes } from './http/floor-plan.routes.js';
import { publicRoutes } from './http/public.routes.js';
import { sessionsRoutes } from './http/sessions.routes.js';
import { defaultFloorOptions, type FloorOptions } from './options.js';
import { createBookings } from './reservations.service.js';
import { createSessions } from './sessions.service.js';
import { checkClosed } from './subscribers/check-closed.subscriber.js';

export { defaultFloorOptions, developmentQrSecret, type FloorOptions } from './options.js';

/** Floor (issue 5): areas, tables and their QR codes, table sessions, reservations, the waitlist. */
export function floorModule(overrides: Partial<FloorOptions> = {}): AppModule<FloorService> {
  const options: FloorOptions = { ...defaultFloorOptions, ...overrides };
  return defineModule({
    name: 'floor',
    migrations: new URL('../migrations/', import.meta.url),
    events: Object.values(floorEvents),
    create({ db, clock, publish, services }) {
      const tenants = () => services<TenantsService>('tenants');
      const deps: FloorDeps = { db, clock, publish, tenants, options };
      const service: FloorService = {
        ...createFloorPlan(deps),
        ...createSessions(deps),
        ...createBookings(deps),
      };
      const restaurantName = async (tenantId: string) =>
        (
          await tenants().getRestaurant(systemContext(tenantId, `floor-qr-sheet-${tenantId}`), {
            id: tenantId,
          })
        ).name;
      return {
        service,
        routes: async (app) => {
          await app.register(floorPlanRoutes(service, restaurantName));
          await app.register(sessionsRoutes(service));
          await app.register(bookingsRoutes(service));
          await app.register(publicRoutes(service, options.publicLookupsPerCodePerMinute));
        },
        subscribers: [checkClosed(deps)],
        seed: () => seedDemoFloor(service, clock),
      };
    },
  });
}
