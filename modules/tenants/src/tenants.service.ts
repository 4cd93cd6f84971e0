import { contextTx, type Database, escapeLike, isUniqueViolation } from '@brigade/db';
import { cursorAfter, pageFrom, type SharedCache } from '@brigade/http';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, gt, ilike, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  createRestaurantSchema,
  tenantsErrors as fail,
  listRestaurantsSchema,
  type Restaurant,
  type TenantsService,
  tenantsEvents,
  updateRestaurantSchema,
} from './contract/index.js';
import { type RestaurantRow, restaurants } from './db/restaurants.table.js';
import { restaurantCache } from './restaurant-cache.js';

function toRestaurant(row: RestaurantRow): Restaurant {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    currency: row.currency,
    tax: row.tax,
    contact: row.contact,
    description: row.description,
    logo_url: row.logoUrl,
    is_active: row.isActive,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function slugTaken(slug: string | undefined, error: unknown): never {
  if (isUniqueViolation(error, 'restaurants_slug_key')) {
    throw fail('slug_taken', `The slug '${slug}' is already used by another restaurant.`, {
      errors: [{ field: 'slug', message: 'already taken' }],
    });
  }
  throw error;
}

export function createTenantsService(
  db: Database,
  clock: Clock,
  publish: Publish,
  cache: SharedCache,
): TenantsService {
  const notFound = (id: string) => fail('restaurant_not_found', `No restaurant ${id}.`);
  const cached = restaurantCache(cache);

  async function readRestaurant(ctx: RequestContext, id: string): Promise<Restaurant> {
    const [row] = await contextTx(db, ctx, (tx) =>
      tx.select().from(restaurants).where(eq(restaurants.id, id)),
    );
    if (!row) throw notFound(id);
    return toRestaurant(row);
  }

  return {
    async createRestaurant(ctx: RequestContext, input) {
      const { id = newId(), ...fields } = input;
      const data = createRestaurantSchema.parse(fields);
      const now = clock.now();
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const [created] = await tx
            .insert(restaurants)
            .values({
              id,
              name: data.name,
              slug: data.slug,
              timezone: data.timezone,
              currency: data.currency,
              tax: data.tax,
              contact: data.contact,
              description: data.description,
              logoUrl: data.logo_url,
              isActive: true,
              version: 1,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await publish(
            tx,
            ctx,
            tenantsEvents.restaurantCreated,
            {
              restaurant_id: id,
              name: data.name,
              slug: data.slug,
              timezone: data.timezone,
              currency: data.currency,
            },
            { aggregateId: id, tenantId: id },
          );
          return created!;
        });
        return toRestaurant(row);
      } catch (error) {
        slugTaken(data.slug, error);
      }
    },

    async getRestaurant(ctx, { id }) {
      // A restaurant's own calls (every order reads its settings) are served from the cache;
      // any other caller reads under its own row-level security, as before.
      if (ctx.tenantId !== id) return readRestaurant(ctx, id);
      return cached.get(id, () => readRestaurant(ctx, id));
    },

    async listRestaurants(ctx, input) {
      const query = listRestaurantsSchema.parse(input);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [];
      if (after) filters.push(gt(restaurants.id, after));
      if (query.is_active !== undefined) filters.push(eq(restaurants.isActive, query.is_active));
      if (query.q) filters.push(ilike(restaurants.name, `%${escapeLike(query.q)}%`));
      if (query.slug) filters.push(eq(restaurants.slug, query.slug));
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(restaurants)
          .where(and(...filters))
          .orderBy(asc(restaurants.id))
          .limit(query.limit + 1),
      );
      return pageFrom(rows, query.limit, toRestaurant, (row) => row.id);
    },

    async updateRestaurant(ctx, { id, changes, expected_version }) {
      const patch = updateRestaurantSchema.parse(changes);
      try {
        const updated = await contextTx(db, ctx, async (tx) => {
          const [current] = await tx.select().from(restaurants).where(eq(restaurants.id, id)).for('update');
          if (!current) throw notFound(id);
          if (expected_version !== undefined && expected_version !== current.version) {
            throw fail(
              'version_conflict',
              `The restaurant changed (version ${current.version}); reload and retry.`,
              {
                details: { current_version: current.version },
              },
            );
          }
          const [row] = await tx
            .update(restaurants)
            .set({
              ...(patch.name !== undefined && { name: patch.name }),
              ...(patch.slug !== undefined && { slug: patch.slug }),
              ...(patch.timezone !== undefined && { timezone: patch.timezone }),
              ...(patch.currency !== undefined && { currency: patch.currency }),
              ...(patch.tax !== undefined && { tax: patch.tax }),
              ...(patch.contact !== undefined && { contact: patch.contact }),
              ...(patch.description !== undefined && { description: patch.description }),
              ...(patch.logo_url !== undefined && { logoUrl: patch.logo_url }),
              version: current.version + 1,
              updatedAt: clock.now(),
            })
            .where(eq(restaurants.id, id))
            .returning();
          await publish(
            tx,
            ctx,
            tenantsEvents.restaurantUpdated,
            { restaurant_id: id, version: row!.version, changed: Object.keys(patch).sort() },
            { aggregateId: id, tenantId: id },
          );
          return toRestaurant(row!);
        });
        await cached.forget(id);
        return updated;
      } catch (error) {
        slugTaken(patch.slug, error);
      }
    },

    async discardRestaurant(ctx, { id }) {
      await contextTx(db, ctx, async (tx) => {
        const [deleted] = await tx.delete(restaurants).where(eq(restaurants.id, id)).returning();
        if (!deleted) throw notFound(id);
        await publish(
          tx,
          ctx,
          tenantsEvents.restaurantDiscarded,
          { restaurant_id: id },
          { aggregateId: id, tenantId: id },
        );
      });
      await cached.forget(id);
    },

    async setRestaurantActive(ctx, { id, active }) {
      const row = await contextTx(db, ctx, async (tx) => {
        const [updated] = await tx
          .update(restaurants)
          .set({ isActive: active, version: sql`${restaurants.version} + 1`, updatedAt: clock.now() })
          .where(eq(restaurants.id, id))
          .returning();
        if (!updated) throw notFound(id);
        await publish(
          tx,
          ctx,
          tenantsEvents.restaurantActivationChanged,
          { restaurant_id: id, is_active: active },
          { aggregateId: id, tenantId: id },
        );
        return updated;
      });
      await cached.forget(id);
      return toRestaurant(row);
    },
  };
}
