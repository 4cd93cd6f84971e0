import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phone, screenshots, smallTouchTargets, tablet } from './support/browser.js';
import { expectAccessible, journeyHarness, signIn } from './support/journey.js';

const world = journeyHarness();
const { device, qrUrl } = world;

describe('journeys', () => {
  it('a guest orders from the QR code; the ticket reaches the kitchen live; the bump shows "Ready" on both phones', async () => {
    const url = await qrUrl('T2');
    expect(new URL(url).pathname).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);

    // The cook opens the tandoor station first.
    const kds = await device(tablet);
    await kds.goto(`${world.server.baseUrl}/kds`);
    await expectAccessible(kds); // the sign-in form
    await signIn(kds, 'kitchen_staff1@spiceroute.example');
    await kds.getByRole('heading', { name: 'Choose your station' }).waitFor();
    await expectAccessible(kds);
    await kds.getByRole('button', { name: /tandoor/i }).click();
    await kds.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await expectAccessible(kds);

    // Two phones at table T2.
    const guest = await device(phone);
    const friend = await device(phone);
    await Promise.all([guest.goto(url), friend.goto(url)]);
    await guest.getByRole('heading', { name: 'Spice Route' }).waitFor();
    await guest.getByText('Table T2').waitFor();
    await expectAccessible(guest);
    expect(await smallTouchTargets(guest)).toEqual([]);
    await screenshots(guest, 'guest-menu');

    // Item sheet: the required spice level must be chosen before adding.
    await guest.getByRole('button', { name: 'Add Paneer Tikka' }).click();
    const sheet = guest.getByRole('dialog', { name: 'Paneer Tikka' });
    await sheet.getByRole('button', { name: /Add to order/ }).click();
    await sheet.getByRole('alert').filter({ hasText: 'choose 1' }).waitFor();
    await sheet.getByLabel('Medium').check();
    await sheet.getByLabel('Notes for the kitchen').fill('extra crispy');
    await expectAccessible(guest);
    expect(await smallTouchTargets(guest)).toEqual([]);
    await screenshots(guest, 'guest-item-sheet');
    await sheet.getByRole('button', { name: /Add to order/ }).click();

    await guest.getByRole('button', { name: /View order \(1\)/ }).click();
    const cart = guest.getByRole('dialog', { name: 'Your order' });
    await cart.getByText('“extra crispy”').waitFor();
    await screenshots(guest, 'guest-cart');
    await cart.getByRole('button', { name: /Place order/ }).click();

    const placed = guest.locator('[data-order]').first();
    await placed.getByText('Received').waitFor();
    const number = (await placed.getAttribute('data-order'))!;
    expect(number).toMatch(/^ORD_\d{8}_\d{3,}$/);
    await screenshots(guest, 'guest-order-received');

    // The other phone at the table sees the order without reloading.
    await friend.locator(`[data-order="${number}"]`).getByText('Received').waitFor();

    // The ticket arrives on the kitchen display without a reload; the cook bumps it.
    const ticket = kds.locator(`[data-ticket="${number}"]`);
    await ticket.waitFor();
    await expect(ticket.textContent()).resolves.toContain('extra crispy');
    await ticket.getByText('T2', { exact: true }).waitFor(); // cooks call dine-in orders by table
    await screenshots(kds, 'kds-board');
    await ticket.getByRole('button', { name: 'Bump' }).click();
    await ticket.waitFor({ state: 'detached' });

    // Both phones show "Ready", live.
    await guest.locator(`[data-order="${number}"]`).getByText('Ready').waitFor();
    await friend.locator(`[data-order="${number}"]`).getByText('Ready').waitFor();
    await screenshots(guest, 'guest-order-ready');

    // Recall from the recently bumped list puts it back on the board.
    await kds.getByRole('button', { name: `Recall ${number}` }).click();
    await ticket.waitFor();
  });

  it('a manager 86s an item in the back office; the open guest menu shows it sold out, live', async () => {
    const url = await qrUrl('T3');
    const guest = await device(phone);
    await guest.goto(url);
    await guest.getByRole('button', { name: 'Add Butter Chicken' }).waitFor();

    const admin = await device(tablet);
    await admin.goto(`${world.server.baseUrl}/admin/menu`);
    await signIn(admin, 'manager1@spiceroute.example');
    const toggle = admin.getByRole('switch', { name: 'Mark Butter Chicken sold out' });
    await toggle.click();
    await admin.getByRole('switch', { name: 'Mark Butter Chicken available' }).waitFor();
    await expectAccessible(admin);
    await screenshots(admin, 'admin-menu-86');

    // The guest's open menu says so at once (the menu channel), without a reload.
    await expect
      .poll(() => guest.getByRole('button', { name: 'Add Butter Chicken' }).count(), { timeout: 10_000 })
      .toBe(0);
    const soldOut = guest.getByRole('listitem').filter({ hasText: 'Butter Chicken' });
    await soldOut.getByText('Sold out').waitFor();
    await soldOut.scrollIntoViewIfNeeded();
    await screenshots(guest, 'guest-menu-sold-out');
  });

  it('the kitchen display catches up after the connection drops, without a reload', async () => {
    const kds = await device(tablet);
    // The screen's WebSocket goes through a switch the test can open: a network drop.
    let connected = true;
    const sockets: WebSocketRoute[] = [];
    await kds.routeWebSocket(/\/api\/v1\/realtime/, (socket) => {
      if (!connected) return void socket.close({ code: 1001 });
      socket.connectToServer();
      sockets.push(socket);
    });
    await kds.goto(`${world.server.baseUrl}/kds?station=all`);
    await signIn(kds, 'kitchen_staff1@spiceroute.example');
    const status = (text: string) => kds.getByRole('status').filter({ hasText: text });
    await status('Live').waitFor();

    connected = false;
    for (const socket of sockets.splice(0)) await socket.close({ code: 1001 });
    await status('Offline — reconnecting').waitFor();

    // An order arrives while the screen is offline.
    const token = (await qrUrl('T4')).split('/t/')[1];
    const menu = (await (
      await fetch(`${world.server.baseUrl}/api/v1/public/restaurants/spice-route/menu`)
    ).json()) as {
      categories: { items: { id: string; name: string }[] }[];
    };
    const naan = menu.categories
      .flatMap((category) => category.items)
      .find((item) => item.name === 'Garlic Naan')!;
    const response = await fetch(`${world.server.baseUrl}/api/v1/public/tables/${token}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ menu_item_id: naan.id, option_ids: [], quantity: 3 }] }),
    });
    expect(response.status).toBe(201);
    const { number } = (await response.json()) as { number: string };
    await kds.waitForTimeout(500);
    expect(await kds.locator(`[data-ticket="${number}"]`).count()).toBe(0);

    // The network comes back: the screen reconnects by itself and shows the missed ticket.
    connected = true;
    await kds.locator(`[data-ticket="${number}"]`).waitFor({ timeout: 20_000 });
    await status('Live').waitFor();

    // The expo view shows the order with its tickets' progress.
    await kds.getByRole('button', { name: 'Change station' }).click();
    await kds.getByRole('button', { name: 'Expo' }).click();
    await kds.getByText(`${number} · Dine-in`).waitFor();
    await expectAccessible(kds);
    await screenshots(kds, 'kds-expo');
  });

  it('POS, back office, platform admin and a Spanish guest: each works, with no serious or critical accessibility violations', async () => {
    const page = await device(tablet);
    await page.goto(world.server.baseUrl);
    await page.getByRole('heading', { name: 'Brigade' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'landing');

    // POS: seat a table, add an item, send it to the kitchen.
    await page.goto(`${world.server.baseUrl}/pos`);
    await expectAccessible(page);
    await signIn(page, 'waiter1@spiceroute.example');
    await page.getByRole('button', { name: /^T5/ }).click();
    await page.getByRole('button', { name: 'Seat 2 guests' }).click();
    await page.getByRole('button', { name: 'Add items' }).click();
    await page.getByRole('button', { name: /^Garlic Naan/ }).click();
    await page
      .getByRole('dialog', { name: 'Garlic Naan' })
      .getByRole('button', { name: /Add to order/ })
      .click();
    await expectAccessible(page);
    expect(await smallTouchTargets(page)).toEqual([]);
    await page.getByRole('button', { name: /Send to kitchen/ }).click();
    await page.locator('[data-order]').getByText('Received').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'pos');

    // Back office dashboard.
    await page.goto(`${world.server.baseUrl}/admin`);
    await expectAccessible(page); // the sign-in form
    await signIn(page, 'manager1@spiceroute.example');
    await page.getByText('Sales today').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'admin');

    // Platform admin: the form checks before sending, then the new restaurant is listed.
    await page.goto(`${world.server.baseUrl}/platform`);
    await signIn(page, 'admin@brigade.example');
    await page.getByRole('cell', { name: 'spice-route' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Harbour Café');
    await page.getByLabel('Slug', { exact: true }).fill('Harbour Cafe');
    await page.getByRole('button', { name: 'Create restaurant' }).click();
    await page.getByText('Lower-case letters, digits and inner dashes').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Slug', { exact: true }).fill('harbour-cafe');
    await page.getByRole('button', { name: 'Create restaurant' }).click();
    await page.getByRole('cell', { name: 'harbour-cafe' }).waitFor();
    await screenshots(page, 'platform');

    // Spanish, by the browser's language, with the restaurant's currency.
    const guest = await device(phone, 'es-ES');
    await guest.goto(await qrUrl('T5'));
    await guest.getByRole('button', { name: 'Añadir Paneer Tikka' }).waitFor();
    await expect(
      guest
        .getByText(/299,00\s(₹|INR)/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(guest);
    await screenshots(guest, 'guest-menu-es');
  });
});
