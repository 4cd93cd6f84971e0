import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, smallTouchTargets, tablet } from './support/browser.js';
import { expectAccessible, journeyHarness, signIn } from './support/journey.js';

const world = journeyHarness();

/** The screen is usable: no serious axe violation, no small touch target; then its screenshots. */
async function checkScreen(page: Page, name: string) {
  await expectAccessible(page);
  expect(await smallTouchTargets(page)).toEqual([]);
  await screenshots(page, name);
}

describe('back office', () => {
  it('a manager watches the day live, adds a waiter who signs in to the POS, and renames the restaurant', async () => {
    const { server } = world;
    const page = await world.device(tablet);
    await page.goto(`${server.baseUrl}/admin`);
    await signIn(page, 'manager1@spiceroute.example');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.getByLabel('Day').waitFor();
    await checkScreen(page, 'back-office-dashboard-before');

    // A takeout order placed elsewhere appears in the figures without a reload.
    const token = await server.login('manager1@spiceroute.example');
    const before = await server.api<{ orders: number }>('/analytics/dashboard', token);
    const items = await server.api<{ data: { id: string; name: string }[] }>('/menu/items?limit=100', token);
    const naan = items.data.find((item) => item.name === 'Garlic Naan')!;
    await server.api('/orders', token, {
      method: 'POST',
      body: { channel: 'takeout', lines: [{ menu_item_id: naan.id, quantity: 3 }] },
    });
    const orders = page.locator('[data-figure="orders"]');
    await orders.getByText(String(before.orders + 1), { exact: true }).waitFor();
    await page.getByText('Sales today').waitFor();
    await page.getByRole('region', { name: 'Top items' }).getByText('Garlic Naan').waitFor();
    await page.getByRole('region', { name: 'By channel' }).getByText('Takeout').waitFor();
    await page.getByRole('img', { name: /Busiest hour/ }).waitFor();
    await checkScreen(page, 'back-office-dashboard');

    // Staff: the form checks before sending, then the new waiter is listed.
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { name: 'What each role may do' }).waitFor();
    const form = page.getByRole('region', { name: 'Add a staff member' });
    await form.getByRole('button', { name: 'Add a staff member' }).click();
    await form.getByText('Use at least 8 characters.').waitFor();
    await checkScreen(page, 'back-office-staff-invalid');
    await form.getByLabel('Name').fill('Asha Rao');
    await form.getByLabel('E-mail').fill('asha@spiceroute.example');
    await form.getByLabel('Role').selectOption('waiter');
    await form.getByLabel('Initial password').fill('Tandoor-Nights-7');
    await form.getByRole('button', { name: 'Add a staff member' }).click();
    await form.getByRole('status').filter({ hasText: 'Asha Rao was added' }).waitFor();
    await page.locator('[data-user="asha@spiceroute.example"]').getByLabel('Role of Asha Rao').waitFor();
    await checkScreen(page, 'back-office-staff');

    // The same e-mail again: the server's field error shows under the field.
    await form.getByLabel('Name').fill('Asha Again');
    await form.getByLabel('E-mail').fill('asha@spiceroute.example');
    await form.getByLabel('Initial password').fill('Tandoor-Nights-8');
    await form.getByRole('button', { name: 'Add a staff member' }).click();
    await form.getByText('already taken').waitFor();

    // The new waiter signs in to the POS with that password.
    const pos = await world.device(tablet);
    await pos.goto(`${server.baseUrl}/pos`);
    await signIn(pos, 'asha@spiceroute.example', 'Tandoor-Nights-7');
    await pos.getByRole('button', { name: /^T1/ }).first().waitFor();

    // Settings: a new name shows in the header.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const name = page.getByLabel('Restaurant name');
    await expect.poll(() => name.inputValue()).toBe('Spice Route');
    await page.getByLabel('Time zone').waitFor();
    await checkScreen(page, 'back-office-settings');
    await name.fill('Spice Route Express');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('heading', { name: 'Back office · Spice Route Express' }).waitFor();
    await checkScreen(page, 'back-office-settings-saved');
  });
});
