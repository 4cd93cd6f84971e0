import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phone, screenshots, smallTouchTargets, tablet } from './support/browser.js';
import { expectAccessible, journeyHarness, signIn } from './support/journey.js';

const world = journeyHarness();
const { device, qrUrl } = world;

/** Axe-clean with touch targets of at least 44 px: every back-office screen is checked so. */
async function expectUsable(page: Page) {
  await expectAccessible(page);
  expect(await smallTouchTargets(page)).toEqual([]);
}

/** A booking time tonight on the restaurant's clock (Asia/Kolkata), at least half an hour ahead. */
function tonight(timeZone: string): { date: string; time: string } {
  const clock = (at: Date) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(at)
      .split(', ');
  const [date, now] = clock(new Date()) as [string, string];
  if (now < '20:30') return { date, time: '21:00' };
  const [soonDate, soon] = clock(new Date(Date.now() + 30 * 60_000)) as [string, string];
  return { date: soonDate, time: soon };
}

describe('back office: menu, floor and reservations', () => {
  it('a manager builds and publishes an item a guest must configure, adds table T20 with a working QR, and seats a booking', async () => {
    const admin = await device(tablet);
    await admin.goto(`${world.server.baseUrl}/admin/menu`);
    await signIn(admin, 'manager1@spiceroute.example');
    await admin.getByRole('status').filter({ hasText: 'Guests see the latest menu' }).waitFor();
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-menu');

    // A category.
    await admin.getByLabel('New category').fill('Weekend Specials');
    await admin.getByRole('button', { name: 'Add category' }).click();
    await admin.getByRole('heading', { name: 'Weekend Specials' }).waitFor();

    // A required modifier group: the form checks min ≤ max before sending.
    await admin.getByRole('button', { name: 'New modifier group' }).click();
    const group = admin.getByRole('region', { name: 'New modifier group' });
    await group.getByLabel('Group name').fill('Chutney');
    await group.getByLabel('Minimum choices').fill('2');
    await group.getByLabel('Maximum choices').fill('1');
    await group.getByRole('button', { name: 'Add option' }).click();
    await group.getByLabel('Option 1 name').fill('Mint');
    await group.getByRole('button', { name: 'Add option' }).click();
    await group.getByLabel('Option 2 name').fill('Tamarind');
    await group.getByLabel('Option 2 extra price').fill('20');
    await group.getByRole('button', { name: 'Create group' }).click();
    await group.getByText('The minimum cannot exceed the maximum.').waitFor();
    await expectUsable(admin);
    await group.getByLabel('Minimum choices').fill('1');
    await group.getByRole('button', { name: 'Create group' }).click();
    await admin.getByRole('heading', { name: 'Chutney' }).waitFor();
    await admin.getByRole('switch', { name: 'Mark Tamarind sold out' }).waitFor();

    // An item with two variants offering that group; the price is checked before sending.
    await admin.getByRole('button', { name: 'Add item to Weekend Specials' }).click();
    const editor = admin.getByRole('region', { name: 'New item' });
    await editor.getByLabel('Name', { exact: true }).fill('Tandoori Platter');
    await editor.getByLabel('Price', { exact: true }).fill('four hundred');
    await editor.getByLabel('Kitchen station').fill('tandoor');
    await editor.getByLabel('Allergens').fill('dairy');
    await editor.getByRole('button', { name: 'Add variant' }).click();
    await editor.getByLabel('Variant 1 name').fill('Half');
    await editor.getByLabel('Variant 1 price').fill('299');
    await editor.getByRole('button', { name: 'Add variant' }).click();
    await editor.getByLabel('Variant 2 name').fill('Full');
    await editor.getByLabel('Variant 2 price').fill('499');
    await editor.getByRole('checkbox', { name: /^Chutney/ }).check();
    await editor.getByRole('button', { name: 'Create item' }).click();
    await editor.getByText('Enter a price such as 349 or 349.50.').waitFor();
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-item-editor');
    await editor.getByLabel('Price', { exact: true }).fill('499');
    await editor.getByRole('button', { name: 'Create item' }).click();
    await admin.getByRole('switch', { name: 'Mark Tandoori Platter sold out' }).waitFor();

    // Publish: the indicator tells unpublished changes apart from what guests see.
    await admin.getByRole('status').filter({ hasText: 'Unpublished changes' }).waitFor();
    await admin.getByLabel('Note for this version').fill('Weekend specials');
    await admin.getByRole('button', { name: 'Publish', exact: true }).click();
    await admin.getByRole('status').filter({ hasText: 'Guests see the latest menu' }).waitFor();
    await admin.getByRole('button', { name: 'Versions' }).click();
    await admin.getByText('“Weekend specials”').waitFor();
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-menu-published');

    // A guest at T2 sees the item and must choose the chutney (and a size).
    const guest = await device(phone);
    await guest.goto(await qrUrl('T2'));
    await guest.getByRole('button', { name: 'Add Tandoori Platter' }).click();
    const sheet = guest.getByRole('dialog', { name: 'Tandoori Platter' });
    await sheet.getByRole('button', { name: /Add to order/ }).click();
    await sheet.getByRole('alert').filter({ hasText: 'choose 1' }).waitFor();
    await sheet.getByLabel('Full').check();
    await sheet.getByLabel('Tamarind').check();
    await sheet.getByRole('button', { name: /Add to order/ }).click();
    await guest.getByRole('button', { name: /View order \(1\)/ }).waitFor();

    // The floor: table T20 and its QR code, whose address works for a guest.
    await admin.getByRole('button', { name: 'Floor', exact: true }).click();
    await admin.getByRole('button', { name: 'New table' }).click();
    const tableForm = admin.getByRole('region', { name: 'New table' });
    await tableForm.getByLabel('Table number').fill('T20');
    await tableForm.getByLabel('Seats').fill('4');
    await tableForm.getByLabel('Shape').selectOption('round');
    await tableForm.getByRole('button', { name: 'Add table' }).click();
    await admin.getByRole('cell', { name: 'T20', exact: true }).waitFor();
    await admin.getByRole('button', { name: 'QR code of table T20' }).click();
    const qr = admin.getByRole('region', { name: 'QR code of table T20' });
    const code = qr.getByRole('img', { name: 'QR code that opens the menu at table T20' });
    await expect
      .poll(() =>
        code.evaluate(
          (image: { complete: boolean; naturalWidth: number }) => image.complete && image.naturalWidth > 0,
        ),
      )
      .toBe(true);
    const guestUrl = (await qr.getByRole('link').textContent())!;
    expect(new URL(guestUrl).pathname).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-floor-qr');

    const [sheetTab] = await Promise.all([
      admin.waitForEvent('popup'),
      admin.getByRole('button', { name: 'Print QR sheet' }).click(),
    ]);
    await sheetTab.getByText('T20').first().waitFor();
    await sheetTab.close();

    const newcomer = await device(phone);
    await newcomer.goto(guestUrl);
    await newcomer.getByText('Table T20').waitFor();
    await newcomer.getByRole('button', { name: 'Add Tandoori Platter' }).waitFor();

    // Reservations: book T20 tonight (the form checks first; a clash is said in words), then seat.
    const { date, time } = tonight('Asia/Kolkata');
    await admin.getByRole('button', { name: 'Reservations', exact: true }).click();
    await admin.getByRole('heading', { name: 'Waitlist', exact: true }).waitFor();
    await expectUsable(admin);
    const book = async (name: string) => {
      await admin.getByRole('button', { name: 'New reservation' }).click();
      const form = admin.getByRole('region', { name: 'New reservation' });
      await form.getByLabel('Guest name').fill(name);
      await form.getByLabel('Phone').fill('+91 98450 12345');
      await form.getByLabel('Party size').fill('4');
      await form.getByLabel('Date', { exact: true }).fill(date);
      await form.getByLabel('Time', { exact: true }).fill(time);
      await form.getByLabel('Table', { exact: true }).selectOption({ label: 'T20 (4 seats)' });
      return form;
    };
    const first = await book('');
    await first.getByRole('button', { name: 'Book' }).click();
    await first.getByText('Required.').waitFor();
    await first.getByLabel('Guest name').fill('Asha Rao');
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-reservation-form');
    await first.getByRole('button', { name: 'Book' }).click();
    await first.waitFor({ state: 'detached' });
    const booking = admin.getByRole('listitem').filter({ hasText: 'Asha Rao' });
    await booking.getByText('Party of 4').waitFor();

    const clash = await book('Vikram Shah');
    await clash.getByRole('button', { name: 'Book' }).click();
    await clash.getByText('That table is already booked at this time.').waitFor();
    await clash.getByRole('button', { name: 'Cancel' }).click();

    await booking.getByRole('button', { name: 'Seat · Asha Rao' }).click();
    await booking.getByText('Seated').waitFor();

    // A walk-in joins the waitlist and is told their table is ready.
    const waitlist = admin.getByRole('region', { name: 'Waitlist', exact: true });
    await waitlist.getByLabel('Guest name').fill('Meera Iyer');
    await waitlist.getByLabel('Party size').fill('2');
    await waitlist.getByRole('button', { name: 'Add to waitlist' }).click();
    await waitlist.getByRole('button', { name: 'Table ready · Meera Iyer' }).click();
    await waitlist.getByText('Told their table is ready').waitFor();
    await expectUsable(admin);
    await screenshots(admin, 'backoffice-reservations');

    // Rolling the menu back to the seed's version: guests lose the platter, the draft keeps it.
    await admin.getByRole('button', { name: 'Menu', exact: true }).click();
    await admin.getByRole('button', { name: 'Versions' }).click();
    await admin.getByRole('button', { name: 'Restore version 1' }).click();
    await admin.getByRole('status').filter({ hasText: 'Unpublished changes' }).waitFor();
    await admin.getByRole('switch', { name: 'Mark Tandoori Platter sold out' }).waitFor();
    await expect
      .poll(
        async () => {
          await newcomer.reload();
          await newcomer.getByRole('button', { name: 'Add Paneer Tikka' }).waitFor();
          return newcomer.getByRole('button', { name: 'Add Tandoori Platter' }).count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(0);
  });
});
