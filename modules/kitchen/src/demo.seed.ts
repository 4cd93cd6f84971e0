import { systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import type { KitchenService } from './contract/index.js';

/** Seed 004's two chefs, for Spice Route: one for everything, one for dine-in only. */
const demoWorkers = [
  { name: 'chef_mario', stations: [], order_types: [], prefetch: 2 },
  { name: 'chef_luigi', stations: [], order_types: ['dine_in' as const], prefetch: 1 },
];

/** Idempotent: registering a name again updates that worker. Tickets come from the seeded orders' events. */
export async function seedDemoKitchen(service: KitchenService) {
  const ctx = systemContext(demoRestaurantId, 'seed-kitchen');
  const existing = new Set(
    (await service.listWorkers(ctx, { limit: 200 })).data.map((worker) => worker.name),
  );
  for (const worker of demoWorkers) {
    if (!existing.has(worker.name)) await service.registerWorker(ctx, worker);
  }
}
