import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, smallTouchTargets, tablet } from './support/browser.js';
import { demoPassword, expectAccessible, journeyHarness, signIn } from './support/journey.js';

const world = journeyHarness();

/** Every POS screen the journeys pass: no serious axe violation, no touch target under 44 px. */
async function checkScreen(page: Page, name?: string) {
  await expectAccessible(page);
  expect(await smallTouchTargets(page)).toEqual([]);
  if (name) await screenshots(page, name);
}

async function openPos(email = 'waiter1@spiceroute.example') {
  const page = await world.device(tablet);
  await page.goto(`${world.server.baseUrl}/pos`);
  await signIn(page, email);
  await page.getByRole('heading', { name: 'Floor plan' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  return page;
}

/** Seats `table` for two and builds a round of `items` (name, seat, course), Medium where asked. */
async function seatAndSend(page: Page, table: string, items: [string, number, number?][]) {
  await page.getByRole('button', { name: new RegExp(`^${table}`) }).click();
  const panel = page.getByRole('complementary', { name: `Table ${table}` });
  await panel.getByRole('button', { name: 'Seat 2 guests' }).click();
  await panel.getByText('party of 2').waitFor();
  await panel.getByRole('button', { name: 'Add items' }).click();
  const round = page.getByRole('dialog', { name: 'Add items' });
  for (const [name, seat, course = 1] of items) {
    await round.getByRole('group', { name: 'New items for' }).getByText(`Seat ${seat}`).click();
    await round.getByRole('group', { name: 'Course', exact: true }).getByText(`Course ${course}`).click();
    await round.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    const item = page.getByRole('dialog', { name });
    const medium = item.getByText('Medium', { exact: true });
    if (await medium.count()) await medium.click();
    await checkScreen(page);
    await item.getByRole('button', { name: /Add to order/ }).click();
    await round.getByRole('list', { name: 'Items to send' }).getByText(`${name}`).waitFor();
  }
  return { panel, round };
}

describe('the POS', () => {
  it('a waiter seats T4, sends seats 1 and 2, splits the check two ways and takes cash for both; T4 frees', async () => {
    const page = await world.device(tablet);
    await page.goto(`${world.server.baseUrl}/pos`);
    await checkScreen(page); // the sign-in form
    await signIn(page, 'waiter1@spiceroute.example');
    await page.getByRole('heading', { name: 'Floor plan' }).waitFor();
    await page.getByRole('banner').getByText('Arjun Das').waitFor(); // who is signed in, always visible
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await checkScreen(page, 'pos-floor');

    const { panel, round } = await seatAndSend(page, 'T4', [
      ['Paneer Tikka', 1],
      ['Garlic Naan', 2],
    ]);
    // The lines keep their seats; each can still be moved.
    const lines = round.getByRole('list', { name: 'Items to send' });
    await expect(lines.getByRole('combobox', { name: 'Seat' }).first().inputValue()).resolves.toBe('1');
    await expect(lines.getByRole('combobox', { name: 'Seat' }).nth(1).inputValue()).resolves.toBe('2');
    await checkScreen(page, 'pos-round');
    await round.getByRole('button', { name: /Send to kitchen/ }).click();
    await round.waitFor({ state: 'detached' });

    const order = panel.locator('[data-order]');
    await order.getByText('Received').waitFor();
    await order
      .locator('[data-line="Paneer Tikka"]')
      .getByText(/Seat 1 · Course 1/)
      .waitFor();
    await order
      .locator('[data-line="Garlic Naan"]')
      .getByText(/Seat 2 · Course 1/)
      .waitFor();
    await expect(page.locator('[data-table="T4"]').getAttribute('data-status')).resolves.toBe('occupied');
    await checkScreen(page, 'pos-table');

    // The check: split evenly in two.
    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    const check = page.getByRole('dialog', { name: 'Check' });
    await check
      .getByRole('list', { name: 'Items on the check' })
      .getByText(/Paneer Tikka/)
      .waitFor();
    await check.getByRole('button', { name: 'Split the check' }).click();
    await expect(check.getByLabel('Split', { exact: true }).inputValue()).resolves.toBe('even');
    await checkScreen(page);
    await check.getByRole('button', { name: 'Split', exact: true }).click();
    const parts = check.getByRole('list', { name: 'Parts of the check' });
    await parts.getByRole('button', { name: /^Pay 2 of 2/ }).waitFor();
    await checkScreen(page, 'pos-check-split');

    // Part 1 in cash: more is handed over than due, the change is shown.
    await parts.getByRole('button', { name: /^Pay 1 of 2/ }).click();
    const pay1 = page.getByRole('dialog', { name: 'Take payment: 1 of 2' });
    await expect(pay1.getByRole('radio', { name: 'Cash' }).isChecked()).resolves.toBe(true);
    const tender = pay1.getByRole('group', { name: 'Cash received, quick amounts' }).getByRole('button');
    await tender.nth(1).click(); // the next round note above the exact sum
    await checkScreen(page, 'pos-payment-cash');
    await pay1.getByRole('button', { name: /^Charge/ }).click();
    const change = pay1.getByText(/^Change due/);
    await change.waitFor();
    expect(await change.textContent()).not.toMatch(/₹0\.00$/);
    await checkScreen(page, 'pos-payment-change');
    await pay1.getByRole('button', { name: 'Done' }).click();

    // Part 2 in cash, the exact sum; the check closes.
    await parts.getByRole('listitem').first().getByText('Paid', { exact: true }).waitFor();
    await parts.getByRole('button', { name: /^Pay 2 of 2/ }).click();
    const pay2 = page.getByRole('dialog', { name: 'Take payment: 2 of 2' });
    await pay2.getByRole('button', { name: /^Exact/ }).click();
    await pay2.getByRole('button', { name: /^Charge/ }).click();
    await pay2.getByText('Change due ₹0.00').waitFor();
    await pay2.getByRole('button', { name: 'Done' }).click();
    await check.getByText('Paid in full. The check is closed and the table is free.').waitFor();
    await checkScreen(page, 'pos-check-closed');
    await check.getByRole('button', { name: 'Done' }).click();

    // The visit ended with the check: T4 is no longer occupied (it goes to cleaning), live.
    await page.locator('[data-table="T4"][data-status="cleaning"]').waitFor({ timeout: 20_000 });
    await checkScreen(page);
    await page.close(); // its live refreshes would count against the waiter's rate limit
  });

  it('a takeout order placed from the POS is found by the search, with its detail', async () => {
    const page = await openPos('cashier1@spiceroute.example');
    await page.getByRole('button', { name: 'Takeout & delivery' }).click();
    const form = page.getByRole('form', { name: 'New takeout or delivery order' });
    // The form checks before sending.
    await form.getByRole('button', { name: /Place order/ }).click();
    await form.getByText('Add at least one item from the menu.').first().waitFor();
    await expect(form.getByLabel('Customer name').getAttribute('aria-invalid')).resolves.toBe('true');
    await checkScreen(page, 'pos-takeout');

    await form.getByLabel('Customer name').fill('Zoya Whitfield');
    await form.getByLabel('Phone (optional)').fill('+91 98765 43210');
    await page.getByRole('button', { name: /^Garlic Naan/ }).click();
    await page
      .getByRole('dialog', { name: 'Garlic Naan' })
      .getByRole('button', { name: /Add to order/ })
      .click();
    await form.getByRole('button', { name: /Place order/ }).click();
    const placed = form.getByRole('status').filter({ hasText: /^Order ORD_\d{8}_\d{3,} placed/ });
    await placed.waitFor();
    const number = (await placed.textContent())!.match(/ORD_\d{8}_\d{3,}/)![0];

    await page.getByRole('button', { name: 'Orders' }).click();
    const search = page.getByRole('region', { name: 'Find an order' });
    await search.getByLabel('Order number or customer').fill('whitfield');
    await search.getByRole('button', { name: 'Search' }).click();
    const results = search.getByRole('list', { name: 'Orders found' });
    await results.locator(`[data-result="${number}"]`).waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await checkScreen(page, 'pos-order-search');

    // By its number of the day too.
    await search.getByLabel('Order number or customer').fill(String(Number(number.split('_')[2])));
    await search.getByRole('button', { name: 'Search' }).click();
    await results.locator(`[data-result="${number}"]`).click();
    const detail = page.getByRole('dialog', { name: number });
    await detail.getByText('Zoya Whitfield · +91 98765 43210').waitFor();
    await detail.getByText('Takeout', { exact: false }).first().waitFor();
    await detail.getByRole('heading', { name: 'Status history' }).waitFor();
    await detail
      .getByText(/Received/)
      .first()
      .waitFor();
    await checkScreen(page, 'pos-order-detail');
    await page.close();
  });

  it('voiding a line the kitchen started asks for a manager, whose approval voids it as theirs', async () => {
    const page = await openPos();
    const { panel, round } = await seatAndSend(page, 'T2', [['Paneer Tikka', 1]]);
    await round.getByRole('button', { name: /Send to kitchen/ }).click();
    const number = await panel.locator('[data-order]').getAttribute('data-order');

    // The cook starts the ticket; the POS shows the line cooking, live.
    const cook = await world.server.login('kitchen_staff1@spiceroute.example');
    let ticketId: string | undefined;
    await expect
      .poll(async () => {
        const board = await world.server.api<{ data: { id: string; order_number: string }[] }>(
          '/kds/tickets?status=fired',
          cook,
        );
        ticketId = board.data.find((ticket) => ticket.order_number === number)?.id;
        return ticketId;
      })
      .toBeDefined();
    await world.server.api(`/kds/tickets/${ticketId}/start`, cook, { method: 'POST', body: {} });
    const manager = await world.server.login('manager1@spiceroute.example');
    await expect
      .poll(async () => {
        const found = await world.server.api<{ data: { lines: { kitchen_state: string }[] }[] }>(
          `/orders?number=${number}`,
          manager,
        );
        return found.data[0]?.lines[0]?.kitchen_state;
      })
      .toBe('started');
    const line = panel.locator('[data-line="Paneer Tikka"]');
    await line.getByText(/cooking/).waitFor();

    await line.getByRole('button', { name: 'Void Paneer Tikka' }).click();
    const voiding = page.getByRole('dialog', { name: 'Void Paneer Tikka' });
    await voiding.getByRole('button', { name: 'Void line' }).click();
    await voiding.getByText('Give a reason: the kitchen has started this line.').waitFor();
    await checkScreen(page, 'pos-void');
    await voiding.getByLabel('Reason').fill('Guest changed their mind');
    await voiding.getByRole('button', { name: 'Void line' }).click();

    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.getByLabel('Manager’s e-mail').fill('manager1@spiceroute.example');
    await approval.getByLabel('Manager’s password').fill(demoPassword);
    await checkScreen(page, 'pos-manager-approval');
    await approval.getByRole('button', { name: 'Approve and void' }).click();
    await approval.waitFor({ state: 'detached' });
    await line.getByText(/voided/).waitFor();
    await line.getByText('Voided: Guest changed their mind').waitFor();
    await page.getByRole('banner').getByText('Arjun Das').waitFor(); // the terminal stays the waiter's

    // Recorded as the manager's void.
    const me = await world.server.api<{ id: string }>('/auth/me', manager);
    const orders = await world.server.api<{
      data: { number: string; lines: { name: string; status: string; voided_by: string | null }[] }[];
    }>(`/orders?number=${number}`, manager);
    expect(orders.data[0]!.lines[0]).toMatchObject({ status: 'voided', voided_by: me.id });

    // Switch user: someone new types e-mail and password; a recent person only their password.
    await page.getByRole('button', { name: 'Switch user' }).click();
    const sheet = page.getByRole('dialog', { name: 'Switch user' });
    // Nobody else signed in on this device yet: straight to e-mail and password.
    await sheet.getByLabel('E-mail').fill('manager1@spiceroute.example');
    await sheet.getByLabel('Password').fill(demoPassword);
    await sheet.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByText('Vikram Nair').waitFor();
    await page.getByRole('button', { name: 'Switch user' }).click();
    await sheet.getByRole('button', { name: /^Arjun Das/ }).click();
    await expect(sheet.getByLabel('E-mail').count()).resolves.toBe(0);
    await sheet.getByLabel('Password for Arjun Das').fill(demoPassword);
    await checkScreen(page, 'pos-switch-user');
    await sheet.getByRole('button', { name: 'Sign in' }).click();
    await sheet.waitFor({ state: 'detached' });
    await page.getByRole('banner').getByText('Arjun Das').waitFor();
    await page.getByRole('heading', { name: 'Floor plan' }).waitFor();

    // Signed out, the terminal offers its recent staff: a tap and a password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const recent = page.getByRole('list', { name: 'Recent staff on this device' });
    await recent.getByRole('button', { name: /^Vikram Nair/ }).click();
    await page.getByLabel('Password for Vikram Nair').fill(demoPassword);
    await checkScreen(page, 'pos-recent-staff');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByText('Vikram Nair').waitFor();
  });

  it('a manager fires course 2, splits by seat, takes the card terminal with a tip and cash for the rest', async () => {
    const page = await openPos('manager1@spiceroute.example');
    const { panel, round } = await seatAndSend(page, 'T3', [
      ['Paneer Tikka', 1, 1],
      ['Garlic Naan', 2, 2],
    ]);
    await round.getByRole('button', { name: /Send to kitchen/ }).click();
    const order = panel.locator('[data-order]');
    await order
      .locator('[data-line="Garlic Naan"]')
      .getByText(/Seat 2 · Course 2/)
      .waitFor();

    // Course 2 waits in the kitchen until it is fired.
    const fire = order.getByRole('button', { name: 'Fire course 2' });
    await fire.click();
    await fire.waitFor({ state: 'detached' });
    const number = await order.getAttribute('data-order');
    const manager = await world.server.login('manager1@spiceroute.example');
    const [placed] = (await world.server.api<{ data: { id: string }[] }>(`/orders?number=${number}`, manager))
      .data;
    const kitchen = await world.server.api<{ tickets: { course: number; status: string }[] }>(
      `/kds/orders/${placed!.id}`,
      manager,
    );
    expect(kitchen.tickets.filter((ticket) => ticket.course === 2).map((ticket) => ticket.status)).toEqual([
      'fired',
    ]);

    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    const check = page.getByRole('dialog', { name: 'Check' });
    await check.getByRole('button', { name: 'Split the check' }).click();
    await check.getByLabel('Split', { exact: true }).selectOption('seat');
    await check.getByRole('button', { name: 'Split', exact: true }).click();
    const parts = check.getByRole('list', { name: 'Parts of the check' });

    // Seat 1 on the card terminal, with 15 %: the reference is asked for first.
    await parts.getByRole('button', { name: /^Pay Seat 1/ }).click();
    const card = page.getByRole('dialog', { name: 'Take payment: Seat 1' });
    await card.getByText('Card terminal', { exact: true }).click();
    await card.getByText(/^15 %/).click();
    await card.getByRole('button', { name: /^Charge/ }).click();
    await expect(card.getByLabel('Terminal reference').getAttribute('aria-invalid')).resolves.toBe('true');
    await card.getByLabel('Terminal reference').fill('TRM-4821');
    await checkScreen(page, 'pos-payment-card');
    await card.getByRole('button', { name: /^Charge/ }).click();
    await card.getByText(/received$/).waitFor();
    await card.getByRole('button', { name: 'Done' }).click();

    // Seat 2 in cash with a tip of 20.
    await parts.getByRole('button', { name: /^Pay Seat 2/ }).click();
    const cash = page.getByRole('dialog', { name: 'Take payment: Seat 2' });
    await cash.getByText('Other', { exact: true }).click();
    await cash.getByLabel('Tip amount').fill('20');
    await cash.getByRole('button', { name: /^Exact/ }).click();
    await cash.getByRole('button', { name: /^Charge/ }).click();
    await cash.getByText('Change due ₹0.00').waitFor();
    await cash.getByRole('button', { name: 'Done' }).click();
    await check.getByText('Paid in full. The check is closed and the table is free.').waitFor();
    // The tips show on the closed check (the row is there only when tips were taken).
    await check.getByText('Tips').waitFor();
  });
});
