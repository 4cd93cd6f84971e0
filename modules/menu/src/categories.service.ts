import { contextTx, type Database, escapeLike, isUniqueViolation } from '@brigade/db';
import { cursorAfter, encodeCursor } from '@brigade/http';
import type { Clock, RequestContext } from '@brigade/kernel';
import { newId } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, ilike, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  createCategorySchema,
  menuErrors as fail,
  listCategoriesSchema,
  type MenuService,
  menuEvents,
  updateCategorySchema,
} from './contract/index.js';
import { toCategory } from './db/rows.js';
import { categories, items } from './db/tables.js';
import { tenantOf } from './support.js';

type CategoriesService = Pick<
  MenuService,
  'createCategory' | 'getCategory' | 'listCategories' | 'updateCategory' | 'deleteCategory'
>;

function nameTaken(name: string | undefined, error: unknown): never {
  if (isUniqueViolation(error, 'categories_name_key')) {
    throw fail('category_name_taken', `This restaurant already has a category named '${name}'.`, {
      errors: [{ field: 'name', message: 'already taken' }],
    });
  }
  throw error;
}

export function createCategories(db: Database, clock: Clock, publish: Publish): CategoriesService {
  const notFound = (id: string) => fail('category_not_found', `No menu category ${id}.`);
  const live = (tenantId: string, id: string) =>
    and(eq(categories.tenantId, tenantId), eq(categories.id, id), isNull(categories.deletedAt));

  return {
    async createCategory(ctx: RequestContext, input) {
      const tenantId = tenantOf(ctx);
      const data = createCategorySchema.parse(input);
      const now = clock.now();
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const position =
            data.position ??
            (
              await tx
                .select({ next: sql<number>`coalesce(max(${categories.position}) + 1, 0)::int` })
                .from(categories)
                .where(and(eq(categories.tenantId, tenantId), isNull(categories.deletedAt)))
            )[0]!.next;
          const [created] = await tx
            .insert(categories)
            .values({
              tenantId,
              id: newId(),
              name: data.name,
              description: data.description,
              position,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await publish(
            tx,
            ctx,
            menuEvents.categoryCreated,
            { category_id: created!.id, name: created!.name, position },
            { aggregateId: created!.id },
          );
          return created!;
        });
        return toCategory(row);
      } catch (error) {
        nameTaken(data.name, error);
      }
    },

    async getCategory(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const [row] = await contextTx(db, ctx, (tx) => tx.select().from(categories).where(live(tenantId, id)));
      if (!row) throw notFound(id);
      return toCategory(row);
    },

    async listCategories(ctx, input) {
      const tenantId = tenantOf(ctx);
      const query = listCategoriesSchema.parse(input);
      const after = cursorAfter(query.cursor, z.tuple([z.number().int(), z.uuid()]));
      const filters: SQL[] = [eq(categories.tenantId, tenantId), isNull(categories.deletedAt)];
      if (after)
        filters.push(sql`(${categories.position}, ${categories.id}) > (${after[0]}, ${after[1]}::uuid)`);
      if (query.q) filters.push(ilike(categories.name, `%${escapeLike(query.q)}%`));
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(categories)
          .where(and(...filters))
          .orderBy(asc(categories.position), asc(categories.id))
          .limit(query.limit + 1),
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toCategory),
        next_cursor: rows.length > query.limit && last ? encodeCursor([last.position, last.id]) : null,
      };
    },

    async updateCategory(ctx, { id, changes }) {
      const tenantId = tenantOf(ctx);
      const patch = updateCategorySchema.parse(changes);
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const [updated] = await tx
            .update(categories)
            .set({
              ...(patch.name !== undefined && { name: patch.name }),
              ...(patch.description !== undefined && { description: patch.description }),
              ...(patch.position !== undefined && { position: patch.position }),
              updatedAt: clock.now(),
            })
            .where(live(tenantId, id))
            .returning();
          if (!updated) throw notFound(id);
          await publish(
            tx,
            ctx,
            menuEvents.categoryUpdated,
            { category_id: id, changed: Object.keys(patch).sort() },
            { aggregateId: id },
          );
          return updated;
        });
        return toCategory(row);
      } catch (error) {
        nameTaken(patch.name, error);
      }
    },

    async deleteCategory(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      await contextTx(db, ctx, async (tx) => {
        const [current] = await tx.select().from(categories).where(live(tenantId, id)).for('update');
        if (!current) throw notFound(id);
        const [{ count } = { count: 0 }] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(items)
          .where(and(eq(items.tenantId, tenantId), eq(items.categoryId, id), isNull(items.deletedAt)));
        if (count > 0) {
          throw fail(
            'category_not_empty',
            `The category still holds ${count} item(s); move or delete them first.`,
            {
              details: { item_count: count },
            },
          );
        }
        await tx.update(categories).set({ deletedAt: clock.now() }).where(live(tenantId, id));
        await publish(tx, ctx, menuEvents.categoryDeleted, { category_id: id }, { aggregateId: id });
      });
    },
  };
}
