import type { FloorService } from '@brigade/floor';
import type { ModuleInstance } from '@brigade/http';
import { anonymousActor, DomainError, systemContext } from '@brigade/kernel';
import { readTrackingToken } from './domain/tracking-token.js';

const bearer = /^Bearer ([A-Za-z0-9_-]+)$/;

/**
 * Guests on the realtime WebSocket (no sign-in): a tracking token (`?access_token=<token>`)
 * follows exactly `order:<id>` of its order; a table's QR token follows exactly `table:<id>`
 * (every phone at the table sees the table's orders move). Both follow their restaurant's
 * `menu` too (an 86 shows on the guest's menu at once). Anything else is left to the process's
 * authenticator.
 */
export function guestRealtimeAuthenticator(
  trackingSecret: string,
  floor: () => FloorService,
): NonNullable<ModuleInstance['authenticateRealtime']> {
  return async (request) => {
    const token = bearer.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return null;
    const order = readTrackingToken(trackingSecret, token);
    if (order) {
      return {
        tenantId: order.tenant_id,
        actor: anonymousActor,
        channels: [`order:${order.order_id}`, 'menu'],
      };
    }
    if (token.length !== 43) return null;
    try {
      const { tenant_id, table } = await floor().resolveTableToken(systemContext(null, request.id), {
        token,
      });
      return { tenantId: tenant_id, actor: anonymousActor, channels: [`table:${table.id}`, 'menu'] };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  };
}
