import { isUuid } from '@brigade/kernel';
import type { Tx } from './database.js';

/** What a transaction is opened with: the role it runs as and `SET LOCAL` settings. */
export interface Opening {
  role: string;
  settings: [name: string, value: string][];
}

/** Opens a transaction with `opening` applied, runs `fn` in it, commits (or rolls back on throw). */
export type Transact = <T>(opening: Opening, fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Builds the three transaction scopes over a driver's transaction function. Each opens with
 * one statement that switches to the application role and sets the tenant for this
 * transaction only (`set_config(…, true)` is `SET LOCAL`), so nothing leaks to the next user
 * of a pooled connection.
 */
export function transactionScopes(transact: Transact, appRole: string) {
  return {
    async tenantTx<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
      if (!isUuid(tenantId))
        throw new TypeError(`tenantTx needs a tenant UUID, got ${JSON.stringify(tenantId)}`);
      return transact({ role: appRole, settings: [['app.tenant_id', tenantId]] }, fn);
    },
    platformTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return transact({ role: appRole, settings: [['app.platform', 'on']] }, fn);
    },
    anonymousTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return transact({ role: appRole, settings: [] }, fn);
    },
  };
}

const plainValue = /^[A-Za-z0-9_.-]+$/;

/**
 * The opening as one statement with its values inline, for drivers whose parameterised
 * statements cost far more than plain ones (PGlite). Values are role names, UUIDs and flags;
 * anything else is refused rather than quoted.
 */
export function openingStatement({ role, settings }: Opening): string {
  const calls = [['role', role] as const, ...settings].map(([name, value]) => {
    if (!plainValue.test(name) || !plainValue.test(value))
      throw new TypeError(`Unsafe setting ${name}=${value}`);
    return `set_config('${name}', '${value}', true)`;
  });
  return `select ${calls.join(', ')}`;
}
