import type { Tx } from '@brigade/db';
import { decodeCursor } from '@brigade/http';
import type { RequestContext } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { menuErrors as fail } from './contract/index.js';

/** The restaurant a call acts for: the menu has no platform-wide view. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'The menu belongs to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

export function cursorOf<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, schema);
  if (value === null) throw fail('invalid_cursor', 'The cursor is not one this list returned.');
  return value;
}

/**
 * Serialises writes to one restaurant's modifier graph (options opening groups), so two
 * concurrent changes cannot each pass the cycle check and together make a loop.
 */
export async function lockModifierGraph(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`menu.modifier_graph:${tenantId}`}))`);
}
