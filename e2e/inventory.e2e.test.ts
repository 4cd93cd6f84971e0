import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phone, screenshots, smallTouchTargets, tablet } from './support/browser.js';
import { expectAccessible, journeyHarness, signIn } from './support/journey.js';

const world = journeyHarness();
const { device, qrUrl } = world;

/** The manager's back-office tablet, kept across the steps of the journey. */
let admin: Page;

async function openSection(name: string) {
  await admin.getByRole('navigation', { name: 'Back office' }).getByRole('button', { name }).click();
}

async function checkScreen(name: string) {
  await expectAccessible(admin);
  expect(await smallTouchTargets(admin)).toEqual([]);
  await screenshots(admin, name);
}

const level = (ingredient: string) => admin.locator(`tr[data-ingredient="${ingredient}"] [data-level]`);

describe('inventory journey (issue #9)', () => {
  it('a received purchase order raises the level; orders consume it until the item is sold out on the guest menu', async () => {
    // The test's own calls sign in as the owner: the manager's request budget stays the screen's.
    const token = await world.server.login('owner1@spiceroute.example');
    const items = await world.server.api<{ data: { id: string; name: string; is_available: boolean }[] }>(
      '/menu/items?limit=200',
      token,
    );
    const lassi = items.data.find((item) => item.name === 'Mango Lassi')!;
    const lassiAvailable = async () =>
      (await world.server.api<{ is_available: boolean }>(`/menu/items/${lassi.id}`, token)).is_available;

    admin = await device(tablet);
    await admin.goto(`${world.server.baseUrl}/admin/stock`);
    await signIn(admin, 'manager1@spiceroute.example');
    await expect.poll(() => level('Mango pulp').textContent(), { timeout: 15_000 }).toBe('3 l');
    await checkScreen('inventory-stock');

    // The last 3 l of mango pulp spoiled: recorded as waste with its reason, the level is 0.
    await admin.getByRole('button', { name: 'Open Mango pulp' }).click();
    const sheet = admin.getByRole('dialog', { name: 'Mango pulp' });
    await sheet.getByRole('button', { name: 'Waste' }).click();
    const waste = admin.getByRole('dialog', { name: 'Waste: Mango pulp' });
    await waste.getByRole('button', { name: 'Record' }).click();
    await waste.getByText('Enter a valid quantity.').waitFor(); // checked before sending
    await waste.getByLabel('Quantity').fill('3');
    await waste.getByText('Required.').waitFor(); // waste needs its reason
    await waste.getByLabel('Reason').fill('spoiled');
    await expectAccessible(admin);
    await waste.getByRole('button', { name: 'Record' }).click();
    await sheet.locator('tr[data-movement="waste"]').waitFor();
    await sheet.getByText('spoiled').waitFor();
    await checkScreen('inventory-ingredient');
    await sheet.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => level('Mango pulp').textContent()).toBe('0 l');
    // The lassi's only mango is gone: inventory 86es it.
    await expect.poll(lassiAvailable, { timeout: 15_000, interval: 500 }).toBe(false);

    // Its recipe, as the Recipes screen shows it: 100 ml of mango pulp per glass.
    await openSection('Recipes');
    await admin.getByLabel('Menu item').selectOption({ label: 'Mango Lassi' });
    const recipe = admin.locator('form[data-recipe="Mango Lassi"]');
    await expect.poll(() => recipe.getByLabel('Quantity').first().inputValue()).toBe('100');
    await recipe.getByText('Cost per portion: ₹42.00').waitFor();
    // Milk loses a fifth to the blender: yield 80 % costs 1.25 × the 200 ml served.
    const milk = recipe.getByRole('group', { name: 'Line 2: Milk' });
    await milk.getByLabel('Yield %').fill('120');
    await recipe.getByRole('button', { name: 'Save recipe' }).click();
    await milk.getByText('Between 0 and 100.').waitFor();
    await milk.getByLabel('Yield %').fill('80');
    await recipe.getByRole('button', { name: 'Save recipe' }).click();
    await recipe.getByText('Cost per portion: ₹45.00').waitFor();
    await checkScreen('inventory-recipes');

    // Purchasing: a draft for 0.3 l, sent, then received in full.
    await openSection('Purchasing');
    await admin.getByRole('button', { name: 'New purchase order' }).click();
    const draft = admin.getByRole('dialog', { name: 'New purchase order' });
    await draft.getByRole('button', { name: 'Create draft' }).click();
    await draft.getByText('Required.').first().waitFor(); // no supplier, no ingredient yet
    await draft.getByLabel('Supplier').selectOption({ label: 'Fresh Farms Wholesale' });
    await draft.getByLabel('Ingredient').selectOption({ label: 'Mango pulp' });
    await draft.getByLabel('Quantity').fill('0.3');
    await expectAccessible(admin);
    await draft.getByRole('button', { name: 'Create draft' }).click();
    await draft.waitFor({ state: 'detached' });
    const order = admin.locator('li[data-purchase-order]').filter({ hasText: 'Mango pulp' });
    await order.getByText('Draft').waitFor();
    await order.getByRole('button', { name: 'Send' }).click();
    await admin.locator('li[data-purchase-order="sent"]').waitFor();
    await order.getByRole('button', { name: 'Receive' }).click();
    const receipt = admin.getByRole('dialog', { name: 'Receive delivery' });
    await expect(receipt.getByLabel('Received (l)').inputValue()).resolves.toBe('0.3');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await receipt.getByLabel('Lot code').fill('MP-1');
    await receipt.getByLabel('Expires on').fill(tomorrow);
    await expectAccessible(admin);
    await receipt.getByRole('button', { name: 'Receive' }).click();
    await admin.locator('li[data-purchase-order="received"]').waitFor();
    await checkScreen('inventory-purchasing');

    // The level rose, and the lassi is back on the menu.
    await openSection('Stock');
    await expect.poll(() => level('Mango pulp').textContent(), { timeout: 15_000 }).toBe('0.3 l');
    // The delivered lot expires tomorrow: an alert, and the level is marked.
    const shownDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${tomorrow}T00:00:00Z`),
    );
    await admin.getByText(`Mango pulp, lot MP-1: 0.3 l expiring ${shownDate}`).waitFor();
    await admin.locator('tr[data-ingredient="Mango pulp"]').getByText('Expiring').waitFor();
    await expect.poll(lassiAvailable, { timeout: 15_000, interval: 500 }).toBe(true);

    // A guest at T2 sees the lassi on the menu.
    const guest = await device(phone);
    await guest.goto(await qrUrl('T2'));
    await guest.getByRole('button', { name: 'Add Mango Lassi' }).waitFor();

    // Orders take 100 ml a glass: one glass, then the last two.
    const orderLassi = (quantity: number) =>
      world.server.api('/orders', token, {
        method: 'POST',
        body: { channel: 'takeout', lines: [{ menu_item_id: lassi.id, option_ids: [], quantity }] },
      });
    await orderLassi(1);
    await expect.poll(() => level('Mango pulp').textContent(), { timeout: 25_000 }).toBe('0.2 l');
    await orderLassi(2);
    await expect.poll(() => level('Mango pulp').textContent(), { timeout: 25_000 }).toBe('0 l');
    await admin.getByRole('button', { name: 'Open Mango pulp' }).click();
    await expect.poll(() => sheet.locator('tr[data-movement="consumption"]').count()).toBe(2);
    await checkScreen('inventory-consumed');
    await sheet.getByRole('button', { name: 'Close' }).click();

    // Run out: the guest's menu shows it sold out at once (the menu channel), without a reload.
    const soldOut = guest.getByRole('listitem').filter({ hasText: 'Mango Lassi' });
    await soldOut.getByText('Sold out').waitFor({ timeout: 10_000 });
    expect(await guest.getByRole('button', { name: 'Add Mango Lassi' }).count()).toBe(0);
    await soldOut.scrollIntoViewIfNeeded();
    await screenshots(guest, 'inventory-guest-sold-out');
    expect(await lassiAvailable()).toBe(false);
  }, 240_000);

  it('settings and suppliers check their input before saving', async () => {
    await openSection('Stock');
    const days = admin.getByLabel('Warn this many days before expiry');
    await days.fill('soon');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Enter whole days from 0 to 365.').waitFor();
    await days.fill('5');
    await admin.getByLabel('Below zero').selectOption('allow');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await admin.getByLabel('Below zero').selectOption('refuse');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expectAccessible(admin);

    await openSection('Purchasing');
    await admin.getByRole('button', { name: 'New supplier' }).click();
    const form = admin.getByRole('dialog', { name: 'New supplier' });
    await form.getByLabel('E-mail').fill('not-an-address');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Required.').waitFor();
    await form.getByText('Enter an e-mail address such as name@example.com.').waitFor();
    await form.getByLabel('Name').fill('Dairy Direct');
    await form.getByLabel('E-mail').fill('orders@dairy.example');
    await form.getByLabel('Lead time (days)').fill('1');
    await expectAccessible(admin);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await admin
      .getByRole('row')
      .filter({ hasText: 'Dairy Direct' })
      .getByText('orders@dairy.example')
      .waitFor();
  });

  it('a stock count posts its variance; the report shows usage and food cost', async () => {
    await openSection('Counts');
    await admin.getByRole('button', { name: 'Start a stock count' }).click();
    await admin.getByText('Open', { exact: true }).waitFor();
    await admin.getByLabel('Onion counted (kg)').fill('9.5');
    await admin.getByRole('button', { name: 'Save counted quantities' }).click();
    const onion = admin.getByRole('row').filter({ hasText: 'Onion' });
    await onion.getByText('-0.5 kg').waitFor();
    await checkScreen('inventory-count');
    await admin.getByRole('button', { name: 'Post the count' }).click();
    await admin.getByText('Posted', { exact: true }).waitFor();
    await expectAccessible(admin);

    await openSection('Reports');
    const lassiRow = admin.getByRole('row').filter({ hasText: 'Mango Lassi' });
    await lassiRow.waitFor();
    await expect(lassiRow.getByRole('cell').nth(1).textContent()).resolves.toBe('3');
    await admin.getByRole('row').filter({ hasText: 'Mango pulp' }).first().waitFor();
    await checkScreen('inventory-report');
  }, 120_000);
});
