import { DomainError, type Page } from '@brigade/kernel';
import { z } from 'zod';

/** `?limit=&cursor=` for every list endpoint (DESIGN.md §5). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Opaque cursors: base64url of the sort key of the last row returned. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A page from rows fetched in list order with `limit + 1`: the first `limit` as items, and a
 * cursor at the last of them when the extra row shows there is more.
 */
export function pageFrom<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => unknown,
): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toItem),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** The sort key a list continues after, or undefined for the first page; a foreign cursor → 400 `invalid_cursor`. */
export function cursorAfter<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, schema);
  if (value === null)
    throw new DomainError('invalid_cursor', 'invalid', 'The cursor is not one this list returned.');
  return value;
}
