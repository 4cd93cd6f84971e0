import { defineSubscriber } from '@brigade/messaging';
import { tenantsEvents } from '@brigade/tenants';
import type { TenantStatus } from '../tenant-status.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';

/** A deactivated restaurant's sessions end: no refresh token of it works again. */
export function restaurantActivationChanged(deps: {
  refreshTokens: RefreshTokens;
  tenantStatus: TenantStatus;
}) {
  return defineSubscriber({
    subscriberId: 'identity.lock-out-deactivated-restaurant',
    event: tenantsEvents.restaurantActivationChanged,
    async handle(event, tx) {
      deps.tenantStatus.forget(event.payload.restaurant_id);
      if (!event.payload.is_active) {
        await deps.refreshTokens.revokeTenant(tx, event.payload.restaurant_id, 'restaurant_deactivated');
      }
    },
  });
}
