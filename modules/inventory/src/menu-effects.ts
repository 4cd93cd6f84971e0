import { type Database, queryRows, type Tx } from '@brigade/db';
import type { Clock, Logger, RequestContext } from '@brigade/kernel';
import { DomainError } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { sql } from 'drizzle-orm';

/**
 * Sends what inventory owes the menu (86 an item or option when an ingredient ran out, bring
 * it back on restock), written in inventory.menu_effects in the same transaction as the stock
 * change and sent through the menu contract after that transaction committed — never inside it
 * (a subscriber's transaction cannot wait on another module's). In queue order, retried with
 * backoff until the menu accepts; an item or option the menu no longer has counts as done.
 */
export interface MenuEffects {
  /** Sends what is due, in the background (after a change committed). */
  wake(): void;
  /** Sends what is due now; resolves with how many were sent (or settled). One tenant or all. */
  drain(tenantId?: string | null): Promise<number>;
  /** Stops sending (the module is closing) and resolves once no drain is running. */
  stop(): Promise<void>;
}

interface EffectRow {
  id: string;
  tenant_id: string;
  kind: 'item' | 'option';
  target_id: string;
  available: boolean;
  correlation_id: string;
  attempts: number;
}

const goneCodes = new Set(['item_not_found', 'option_not_found', 'modifier_option_not_found']);

export function createMenuEffects(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  menu: () => MenuService;
}): MenuEffects {
  const { db, clock, log } = deps;
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;

  const scope = <T>(tenantId: string | null | undefined, fn: (tx: Tx) => Promise<T>) =>
    tenantId ? db.tenantTx(tenantId, fn) : db.platformTx(fn);

  /** Leases due effects, never one behind an earlier effect on the same target. */
  const lease = (tenantId: string | null | undefined) => {
    const now = clock.now();
    const until = new Date(now.getTime() + 30_000).toISOString();
    return scope(tenantId, (tx) =>
      queryRows<EffectRow>(
        tx,
        sql`update inventory.menu_effects set leased_until = ${until}::timestamptz
            where id in (
              select f.id from inventory.menu_effects f
              where f.next_attempt_at <= ${now.toISOString()}::timestamptz
                and (f.leased_until is null or f.leased_until < ${now.toISOString()}::timestamptz)
                and not exists (select 1 from inventory.menu_effects g where g.target_id = f.target_id and g.id < f.id)
              order by f.id limit 50 for update skip locked)
            returning id::text, tenant_id, kind, target_id, available, correlation_id, attempts`,
      ),
    );
  };

  async function send(effect: EffectRow) {
    const ctx: RequestContext = {
      tenantId: effect.tenant_id,
      actor: { kind: 'system', id: 'inventory', role: null, permissions: new Set(['*']) },
      requestId: `inventory-effect-${effect.id}`,
      correlationId: effect.correlation_id,
      idempotencyKey: null,
    };
    const input = { id: effect.target_id, available: effect.available };
    if (effect.kind === 'item') await deps.menu().setItemAvailability(ctx, input);
    else await deps.menu().setOptionAvailability(ctx, input);
  }

  const settle = (effect: EffectRow) =>
    db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`delete from inventory.menu_effects where id = ${effect.id}::bigint`),
    );

  async function retryLater(effect: EffectRow, error: unknown) {
    const attempts = effect.attempts + 1;
    const next = new Date(clock.now().getTime() + Math.min(300_000, 1_000 * 2 ** (attempts - 1)));
    const message = error instanceof Error ? error.message : String(error);
    await db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`update inventory.menu_effects
        set attempts = ${attempts}, next_attempt_at = ${next.toISOString()}::timestamptz, leased_until = null,
            last_error = ${message.slice(0, 500)}
        where id = ${effect.id}::bigint`),
    );
    log.warn(
      { err: error, target_id: effect.target_id, attempts },
      'inventory could not tell the menu; will retry',
    );
  }

  async function drain(tenantId?: string | null): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await lease(tenantId);
      if (batch.length === 0) return sent;
      for (const effect of batch) {
        try {
          await send(effect);
          await settle(effect);
          sent++;
        } catch (error) {
          if (error instanceof DomainError && goneCodes.has(error.code)) {
            await settle(effect);
            sent++;
          } else {
            await retryLater(effect, error);
          }
        }
      }
    }
  }

  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (error) {
          log.warn({ err: error }, 'inventory menu effects drain failed');
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  }

  return {
    wake,
    drain,
    async stop() {
      stopped = true;
      while (running) await running;
    },
  };
}
