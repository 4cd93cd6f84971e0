import { describe, expect, it } from 'vitest';
import { phone, tablet, tabTo } from './support/browser.js';
import { demoPassword, journeyHarness } from './support/journey.js';

const world = journeyHarness();
const { device, qrUrl } = world;

/** Issue 8 point 7: the main paths work with the keyboard alone (Tab, Enter, Space, typing). */
describe('keyboard only', () => {
  it('a guest orders, the cook bumps it and a manager 86s an item, without a pointer', async () => {
    // The cook signs in and opens the tandoor station.
    const kds = await device(tablet);
    await kds.goto(`${world.server.baseUrl}/kds`);
    await tabTo(kds, /^E-mail$/);
    await kds.keyboard.type('kitchen_staff1@spiceroute.example');
    await tabTo(kds, /^Password$/);
    await kds.keyboard.type(demoPassword);
    await kds.keyboard.press('Enter');
    await kds.getByRole('heading', { name: 'Choose your station' }).waitFor();
    await tabTo(kds, /tandoor/i);
    await kds.keyboard.press('Enter');
    await kds.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // A guest at T1: item sheet, required choice, cart, order.
    const guest = await device(phone);
    await guest.goto(await qrUrl('T1'));
    await guest.getByText('Table T1').waitFor();
    await tabTo(guest, /^Add Paneer Tikka$/);
    await guest.keyboard.press('Enter');
    const sheet = guest.getByRole('dialog', { name: 'Paneer Tikka' });
    await sheet.waitFor();
    // A radio group takes one Tab; the arrows choose within it.
    await tabTo(guest, /^Mild/);
    await guest.keyboard.press('ArrowDown');
    await expect(sheet.getByLabel('Medium').isChecked()).resolves.toBe(true);
    // The sheet keeps the keyboard inside: Tab after its last control comes back to its first.
    await tabTo(guest, /Add to order/);
    await guest.keyboard.press('Tab');
    await expect(guest.evaluate('document.activeElement.getAttribute("aria-label")')).resolves.toBe('Close');
    await tabTo(guest, /Add to order/);
    await guest.keyboard.press('Enter');
    await sheet.waitFor({ state: 'detached' });
    await tabTo(guest, /View order \(1\)/);
    await guest.keyboard.press('Enter');
    await guest.getByRole('dialog', { name: 'Your order' }).waitFor();
    await tabTo(guest, /Place order/);
    await guest.keyboard.press('Enter');
    // T1 has the demo's served order already: this one is the Paneer Tikka, medium.
    const placed = guest.locator('[data-order]').filter({ hasText: 'Paneer Tikka · Medium' });
    await placed.getByText('Received').waitFor();
    const number = (await placed.getAttribute('data-order'))!;

    // The cook bumps it from the keyboard; the guest sees "Ready".
    await kds.locator(`[data-ticket="${number}"]`).waitFor();
    await tabTo(kds, /^Bump$/);
    await kds.keyboard.press('Enter');
    await kds.locator(`[data-ticket="${number}"]`).waitFor({ state: 'detached' });
    await placed.getByText('Ready').waitFor();

    // A manager 86s an item from the back office's menu with the keyboard.
    const admin = await device(tablet);
    await admin.goto(`${world.server.baseUrl}/admin/menu`);
    await tabTo(admin, /^E-mail$/);
    await admin.keyboard.type('manager1@spiceroute.example');
    await tabTo(admin, /^Password$/);
    await admin.keyboard.type(demoPassword);
    await admin.keyboard.press('Enter');
    await tabTo(admin, /^Mark Garlic Naan sold out$/, 400);
    await admin.keyboard.press('Space');
    await admin.getByRole('switch', { name: 'Mark Garlic Naan available' }).waitFor();
    await expect
      .poll(() => guest.getByRole('button', { name: 'Add Garlic Naan' }).count(), { timeout: 10_000 })
      .toBe(0);
  });
});
