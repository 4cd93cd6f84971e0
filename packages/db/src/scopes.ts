import { isUuid } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { Tx } from './database.js';

type Transact = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Builds the three transaction scopes over a driver's transaction function. Each opens with
 * one round trip that switches to the application role and sets the tenant for this
 * transaction only (`set_config(…, true)` is `SET LOCAL`), so nothing leaks to the next user
 * of a pooled connection.
 */
export function transactionScopes(transact: Transact, appRole: string) {
  return {
    async tenantTx<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
      if (!isUuid(tenantId))
        throw new TypeError(`tenantTx needs a tenant UUID, got ${JSON.stringify(tenantId)}`);
      return transact(async (tx) => {
        await tx.execute(
          sql`select set_config('role', ${appRole}, true), set_config('app.tenant_id', ${tenantId}, true)`,
        );
        return fn(tx);
      });
    },
    platformTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return transact(async (tx) => {
        await tx.execute(
          sql`select set_config('role', ${appRole}, true), set_config('app.platform', 'on', true)`,
        );
        return fn(tx);
      });
    },
    anonymousTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return transact(async (tx) => {
        await tx.execute(sql`select set_config('role', ${appRole}, true)`);
        return fn(tx);
      });
    },
  };
}
