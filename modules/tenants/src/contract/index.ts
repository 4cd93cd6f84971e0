import { defineErrors, type RequestContext } from '@brigade/kernel';
import type {
  CreateRestaurant,
  ListRestaurants,
  Restaurant,
  UpdateRestaurant,
} from './restaurant.schemas.js';

export * from './restaurant.schemas.js';

export const tenantsErrors = defineErrors({
  restaurant_not_found: 'not_found',
  slug_taken: 'conflict',
  version_conflict: 'conflict',
});

/** Seed 003's demo tenant, Spice Route. Its fixed id lets other modules' seeds attach to it. */
export const demoRestaurantId = '11111111-1111-4111-8111-111111111111';

export type TenantsErrorCode = keyof typeof tenantsErrors.codes;

export const tenantsPermissions = {
  create: 'restaurants:create',
  read: 'restaurants:read',
  write: 'restaurants:write',
  activate: 'restaurants:activate',
} as const;

/** The tenants module's contract: restaurants, the tenants of the platform. */
export interface TenantsService {
  createRestaurant(ctx: RequestContext, input: CreateRestaurant & { id?: string }): Promise<Restaurant>;
  getRestaurant(ctx: RequestContext, input: { id: string }): Promise<Restaurant>;
  listRestaurants(
    ctx: RequestContext,
    input: ListRestaurants,
  ): Promise<{ data: Restaurant[]; next_cursor: string | null }>;
  updateRestaurant(
    ctx: RequestContext,
    input: { id: string; changes: UpdateRestaurant; expected_version?: number },
  ): Promise<Restaurant>;
  setRestaurantActive(ctx: RequestContext, input: { id: string; active: boolean }): Promise<Restaurant>;
  /**
   * Deletes a restaurant that never went live: the compensation of a sign-up whose later step
   * failed. Not exposed over HTTP.
   */
  discardRestaurant(ctx: RequestContext, input: { id: string }): Promise<void>;
}
export * from './events.js';
