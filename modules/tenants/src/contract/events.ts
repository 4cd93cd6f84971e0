import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';

export const tenantsEvents = {
  restaurantCreated: defineEvent(
    'tenants.restaurant_created.v1',
    z.object({
      restaurant_id: z.uuid(),
      name: z.string(),
      slug: z.string(),
      timezone: z.string(),
      currency: z.string(),
    }),
    'A restaurant (a new tenant) was created.',
  ),
  restaurantUpdated: defineEvent(
    'tenants.restaurant_updated.v1',
    z.object({ restaurant_id: z.uuid(), version: z.number().int(), changed: z.array(z.string()) }),
    "A restaurant's settings changed; `changed` names the fields.",
  ),
  restaurantActivationChanged: defineEvent(
    'tenants.restaurant_activation_changed.v1',
    z.object({ restaurant_id: z.uuid(), is_active: z.boolean() }),
    'A restaurant was deactivated (its users are locked out) or reactivated.',
  ),
  restaurantDiscarded: defineEvent(
    'tenants.restaurant_discarded.v1',
    z.object({ restaurant_id: z.uuid() }),
    'A restaurant created by a sign-up that failed was removed again (compensation).',
  ),
};
