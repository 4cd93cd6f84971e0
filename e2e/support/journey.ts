import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { describeViolations, launchBrowser, seriousViolations } from './browser.js';
import { type RunningServer, startServer } from './server.js';

export const demoPassword = 'Password@123';

/**
 * One journey file's world: a real server process (embedded database, demo data) and Debian
 * Chromium, started before the file's tests and stopped after. Each `device` is a fresh
 * browser profile — one person's phone or tablet.
 */
export function journeyHarness() {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      return server;
    },

    async device(size: { width: number; height: number }, locale = 'en-GB'): Promise<Page> {
      const context = await browser.newContext({ viewport: size, locale });
      contexts.push(context);
      return context.newPage();
    },

    /** The QR address printed for a demo table (PUBLIC_BASE_URL/t/<token>). */
    async qrUrl(tableNumber: string) {
      const token = await server.login('manager1@spiceroute.example');
      const tables = await server.api<{ data: { id: string; number: string }[] }>('/tables?limit=50', token);
      const table = tables.data.find((entry) => entry.number === tableNumber)!;
      return (await server.api<{ url: string }>(`/tables/${table.id}/qr?format=json`, token)).url;
    },
  };
}

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  expect(describeViolations(await seriousViolations(page))).toEqual([]);
}
