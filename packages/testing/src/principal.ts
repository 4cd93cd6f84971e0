import type { Authenticator, Principal } from '@brigade/http';
import { DomainError, isUuid, type Role } from '@brigade/kernel';

/**
 * Test-only authentication: the caller is described by one header. Stands in until the
 * identity module issues real tokens; never part of a running server.
 */
const header = 'x-test-principal';

export interface TestPrincipal {
  tenantId?: string | null;
  userId?: string;
  role?: Role;
  permissions?: string[];
}

export function as(principal: TestPrincipal): Record<string, string> {
  return { [header]: Buffer.from(JSON.stringify(principal)).toString('base64url') };
}

export const platformAdmin = (permissions: string[] = ['*']) =>
  as({ tenantId: null, userId: '00000000-0000-7000-8000-000000000001', role: 'platform_admin', permissions });

export const testAuthenticator: Authenticator = async (request) => {
  const value = request.headers[header];
  if (typeof value !== 'string') return null;
  let parsed: TestPrincipal;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as TestPrincipal;
  } catch {
    throw new DomainError('invalid_token', 'unauthenticated', 'The test principal header is not valid.');
  }
  const tenantId = parsed.tenantId ?? null;
  if (tenantId !== null && !isUuid(tenantId)) {
    throw new DomainError('invalid_token', 'unauthenticated', 'The test principal has an invalid tenant.');
  }
  const principal: Principal = {
    tenantId,
    actor: {
      kind: 'user',
      id: parsed.userId ?? '00000000-0000-7000-8000-00000000000f',
      role: parsed.role ?? null,
      permissions: new Set(parsed.permissions ?? []),
    },
  };
  return principal;
};
