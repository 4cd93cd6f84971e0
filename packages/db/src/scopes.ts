import { isUuid } from '@brigade/kernel';
import type { Tx } from './database.js';

/** What a transaction is opened with: the role it runs as and `SET LOCAL` settings. */
export interface Opening {
  role: string;
  settings: [name: string, value: string][];
}

interface BeforeCommit {
  key: object;
  bag: unknown;
  flush: (tx: Tx, bag: never) => Promise<void>;
}

/** The work each open scoped transaction runs before it commits (a driver may reuse a Tx object, never at once). */
const pendingWork = new WeakMap<Tx, BeforeCommit[]>();

/**
 * Gathers writes to make at the end of a transaction, in one statement instead of one each: the
 * bag of `key` in `tx` (made by `make` the first time), handed to `flush` once, inside the
 * transaction, after its work and before it commits, bags in the order they were made. A
 * failing flush rolls the transaction back like any statement. Null when `tx` is not a scoped
 * transaction (the caller writes at once).
 */
export function beforeCommit<Bag>(
  tx: Tx,
  key: object,
  make: () => Bag,
  flush: (tx: Tx, bag: Bag) => Promise<void>,
): Bag | null {
  const tasks = pendingWork.get(tx);
  if (!tasks) return null;
  let task = tasks.find((candidate) => candidate.key === key);
  if (!task) {
    task = { key, bag: make(), flush };
    tasks.push(task);
  }
  return task.bag as Bag;
}

/** Opens a transaction with `opening` applied, runs `fn` in it, commits (or rolls back on throw). */
export type Transact = <T>(opening: Opening, fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Builds the three transaction scopes over a driver's transaction function. Each opens with
 * one statement that switches to the application role and sets the tenant for this
 * transaction only (`set_config(…, true)` is `SET LOCAL`), so nothing leaks to the next user
 * of a pooled connection.
 */
export function transactionScopes(driverTransact: Transact, appRole: string) {
  const transact: Transact = (opening, fn) =>
    driverTransact(opening, async (tx) => {
      const tasks: BeforeCommit[] = [];
      pendingWork.set(tx, tasks);
      try {
        const result = await fn(tx);
        for (const task of tasks) await task.flush(tx, task.bag as never);
        return result;
      } finally {
        pendingWork.delete(tx);
      }
    });
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
