import { type Clock, DomainError, systemContext } from '@brigade/kernel';
import type { Restaurant, TenantsService } from '@brigade/tenants';
import { Remembered } from './domain/remembered.js';

/**
 * Whether a restaurant exists and is active, asked of the tenants module through its contract
 * and remembered for a few seconds per process: every authenticated request checks it, so a
 * deactivated restaurant's users are locked out within `ttlMs` on every replica (at once on
 * the process whose subscriber hears the event).
 */
export class TenantStatus {
  private readonly known: Remembered<Restaurant | null>;

  constructor(
    private readonly tenants: () => TenantsService,
    clock: Clock,
    ttlMs = 10_000,
  ) {
    this.known = new Remembered(clock, ttlMs);
  }

  find(tenantId: string): Promise<Restaurant | null> {
    return this.known.get(tenantId, () =>
      this.tenants()
        .getRestaurant(systemContext(tenantId, `tenant-status-${tenantId}`), { id: tenantId })
        .catch((error: unknown) => {
          if (error instanceof DomainError && error.kind === 'not_found') return null;
          throw error;
        }),
    );
  }

  async isActive(tenantId: string): Promise<boolean> {
    return (await this.find(tenantId))?.is_active ?? false;
  }

  async bySlug(slug: string): Promise<Restaurant | null> {
    const ctx = systemContext(null, `tenant-slug-${slug}`);
    const { data } = await this.tenants().listRestaurants(ctx, { slug, limit: 1 });
    return data[0] ?? null;
  }

  forget(tenantId: string): void {
    this.known.forget(tenantId);
  }
}
