import type { Tx } from '@brigade/db';
import type { RequestContext } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import { menuErrors as fail } from './contract/index.js';

/** The restaurant a call acts for: the menu has no platform-wide view. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'The menu belongs to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/**
 * Serialises writes to one restaurant's modifier graph (options opening groups), so two
 * concurrent changes cannot each pass the cycle check and together make a loop.
 */
export async function lockModifierGraph(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`menu.modifier_graph:${tenantId}`}))`);
}
