import { signIn } from '../lib/auth.mjs';
import { measurePageLoads } from '../lib/page-load.mjs';
import { baselineProcess, brigadeServer } from '../lib/servers.mjs';

/** The address a demo table's QR code encodes, on the server under measurement. */
async function guestTableUrl(/** @type {string} */ url) {
  const token = await signIn(url);
  const headers = { authorization: `Bearer ${token}` };
  const tables = /** @type {{ data: { id: string, number: string }[] }} */ (
    await (await fetch(new URL('/api/v1/tables?limit=50', url), { headers })).json()
  );
  const table = tables.data.find((entry) => entry.number === 'T2') ?? tables.data[0];
  if (!table) throw new Error('the demo restaurant has no table');
  const qr = /** @type {{ url: string }} */ (
    await (await fetch(new URL(`/api/v1/tables/${table.id}/qr?format=json`, url), { headers })).json()
  );
  return new URL(new URL(qr.url).pathname, url).href;
}

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'web-guest',
  description:
    'Issue 8 point 8, a Lighthouse-style budget: the guest page a table QR code opens, loaded cold in Chromium at phone size under Lighthouse mobile throttling (4× CPU, Slow 4G) until the menu can be ordered from, 5 times; beside a bare static HTML page under the same throttling. req/s = 1000 / median LCP, p50/p95 = LCP in ms; the budget lines hold the medians of FCP, LCP, TBT, CLS and the KB transferred (all, and JavaScript) against their limits.',
  subjects: [
    {
      label: 'brigade guest menu (/t/<token>)',
      server: brigadeServer,
      measure: async ({ url }) =>
        measurePageLoads(await guestTableUrl(/** @type {string} */ (url)), {
          readySelector: 'button[aria-label^="Add "]',
        }),
    },
  ],
  baselines: [
    {
      label: 'static HTML page',
      server: baselineProcess('static-page', 'static-page.mjs'),
      measure: async ({ url }) => measurePageLoads(/** @type {string} */ (url), { readySelector: 'h1' }),
    },
  ],
  latencyTargets: { p95: 2500 },
};
