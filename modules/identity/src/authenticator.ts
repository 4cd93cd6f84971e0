import type { Authenticator } from '@brigade/http';
import type { AccountStatus } from './account-status.js';
import type { ApiKeys } from './api-keys.service.js';
import { identityErrors as fail } from './contract/errors.js';
import { identityPermissions } from './contract/permissions.js';
import { permissionsOf } from './domain/roles.js';
import type { TenantStatus } from './tenant-status.js';
import type { AccessTokens } from './tokens/access-tokens.js';

const bearer = /^Bearer ([A-Za-z0-9_.-]+)$/i;
/** Until a temporary password is changed, the user may only see and change their own account. */
const changePasswordOnly: ReadonlySet<string> = new Set([identityPermissions.self]);

/**
 * Who is calling: `Authorization: Bearer <access token>` for people, `X-API-Key` for
 * integrations. A credential that is present but not valid fails the request (401) rather
 * than falling back to anonymous; a restaurant that was deactivated locks its callers out.
 */
export function identityAuthenticator(deps: {
  accessTokens: AccessTokens;
  apiKeys: ApiKeys;
  tenantStatus: TenantStatus;
  accountStatus: AccountStatus;
}): Authenticator {
  return async (request) => {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') return deps.apiKeys.authenticate(apiKey);
    const authorization = request.headers.authorization;
    if (authorization === undefined) return null;
    const token = bearer.exec(authorization)?.[1];
    if (!token) throw fail('invalid_token', 'Send the access token as `Authorization: Bearer <token>`.');
    const claims = await deps.accessTokens.verify(token);
    if (claims.tenant_id && !(await deps.tenantStatus.isActive(claims.tenant_id))) {
      throw fail('restaurant_inactive', 'This restaurant is deactivated.');
    }
    if (!(await deps.accountStatus.holds(claims.sub, claims.role))) {
      throw fail('invalid_token', 'This account was disabled or its role changed; sign in again.');
    }
    const permissions = claims.must_change_password ? changePasswordOnly : permissionsOf(claims.role);
    return {
      tenantId: claims.tenant_id,
      actor: { kind: 'user', id: claims.sub, role: claims.role, permissions },
    };
  };
}
