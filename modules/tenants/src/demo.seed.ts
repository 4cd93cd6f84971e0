import { type Clock, systemContext } from '@brigade/kernel';
import { demoRestaurantId, type TenantsService } from './contract/index.js';

export async function seedDemoRestaurant(service: TenantsService, clock: Clock) {
  const ctx = systemContext(null, `seed-${clock.now().getTime()}`);
  const existing = await service.listRestaurants(ctx, { q: 'Spice Route', limit: 1 });
  if (existing.data.some((restaurant) => restaurant.id === demoRestaurantId)) return;
  await service.createRestaurant(ctx, {
    id: demoRestaurantId,
    name: 'Spice Route',
    slug: 'spice-route',
    timezone: 'Asia/Kolkata',
    currency: 'INR',
    tax: {
      prices_include_tax: false,
      default_category: 'food',
      rates: [
        { category: 'food', name: 'GST 5%', rate_bps: 500 },
        { category: 'alcohol', name: 'VAT 20%', rate_bps: 2000 },
      ],
    },
    contact: {
      email: 'hello@spiceroute.example',
      phone: '+91 80 4000 1234',
      address: {
        line1: '12 MG Road',
        city: 'Bengaluru',
        region: 'Karnataka',
        postal_code: '560001',
        country: 'IN',
      },
    },
    description: 'North and South Indian classics: biryani, dal, butter chicken.',
  });
}
