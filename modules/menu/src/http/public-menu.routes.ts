import { type FastAnswerer, matchesEtag, problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { menuErrors as fail, publicMenuSchema } from '../contract/index.js';
import type { PublicMenus, RenderedMenu } from '../public-menu.js';

/**
 * `no-cache` (store, but revalidate every time) rather than a max-age: an 86 must reach guests
 * at once, and a revalidation costs a 304 without a body. `public`: the same for every guest,
 * so a CDN may keep it too.
 */
export const publicMenuCacheControl = 'public, no-cache';

/** The longest If-None-Match the route takes (a longer one is a 400). */
const maxIfNoneMatch = 1000;
const json = 'application/json; charset=utf-8';

/**
 * Issue 5 point 4: a restaurant's live menu for guests, without signing in. A guest's plain GET
 * is answered before routing (`fastAnswer`) from the cached rendering; the handler answers the
 * rest (a signed-in caller, an unknown restaurant, a bad header, a spent budget).
 */
export function publicMenuRoutes(publicMenus: PublicMenus): FastifyPluginAsyncZod {
  const answerOf = (menu: RenderedMenu | null) =>
    menu && { etag: menu.etag, cacheControl: publicMenuCacheControl, contentType: json, body: menu.payload };
  const fastAnswer: FastAnswerer = ({ slug }, headers) => {
    const ifNoneMatch = headers['if-none-match'];
    if (!slug || (ifNoneMatch !== undefined && ifNoneMatch.length > maxIfNoneMatch)) return null;
    const known = publicMenus.peek(slug);
    return known ? answerOf(known) : publicMenus.get(slug).then(answerOf);
  };
  return async (app) => {
    app.get(
      '/public/restaurants/:slug/menu',
      {
        config: { public: true, rateLimit: { ip: 600, windowSeconds: 60 }, fastAnswer },
        schema: {
          tags: ['public menu'],
          summary: "A restaurant's live menu for guests (no sign-in)",
          description:
            'The live published version of the menu with only what can be ordered now: sold-out ' +
            'items and options are left out (and categories left empty by that); no cost prices, ' +
            'stations or tax categories. Strong `ETag`; send it back in `If-None-Match` for a 304. ' +
            '`Cache-Control: public, no-cache`: keep it, but revalidate each time (an 86 shows at ' +
            'once). 404 for an unknown or inactive restaurant, or one that has published nothing.',
          params: z.object({ slug: z.string().min(1).max(64) }),
          headers: z.object({ 'if-none-match': z.string().max(maxIfNoneMatch).optional() }),
          response: {
            200: publicMenuSchema,
            304: z.null().describe('Not modified: the ETag sent in If-None-Match is current'),
            400: problemSchema,
            404: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const menu = await publicMenus.get(request.params.slug);
        if (!menu) {
          throw fail(
            'public_menu_not_found',
            `No restaurant '${request.params.slug}' with a published menu.`,
          );
        }
        reply.header('ETag', menu.etag).header('Cache-Control', publicMenuCacheControl);
        if (matchesEtag(request.headers['if-none-match'], menu.etag))
          return reply.code(304).send(undefined as never);
        // The body is JSON rendered once per version and availability, and encoded once: its
        // bytes are sent as they are, never serialised again (Fastify passes a Buffer through).
        return reply.type(json).send(menu.payload as never);
      },
    );
  };
}
