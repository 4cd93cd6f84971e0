import { describe, expect, it } from 'vitest';
import { phone, screenshots, smallTouchTargets } from './support/browser.js';
import { expectAccessible, journeyHarness } from './support/journey.js';

const world = journeyHarness();
const { device, qrUrl } = world;

/** Amounts as the guest app shows them (English, the restaurant's currency). */
const inr = (minor: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'INR' }).format(minor / 100);

interface RequestedCheck {
  id: string;
  table_number: string | null;
  bill_request_method: string | null;
  bill_request_tip: number | null;
  due: number;
}

describe('the bill at the table', () => {
  it('a guest at T3 orders, asks to pay cash at the counter; the cashier settles it; both phones show paid without reload', async () => {
    const url = await qrUrl('T3');
    const token = new URL(url).pathname.split('/').at(-1)!;
    const guest = await device(phone);
    const friend = await device(phone);
    await Promise.all([guest.goto(url), friend.goto(url)]);
    await guest.getByText('Table T3').waitFor();

    // No order yet: no bill to see.
    await guest.getByRole('button', { name: 'Add Paneer Tikka' }).waitFor();
    expect(await guest.getByRole('button', { name: 'See the bill' }).count()).toBe(0);

    await guest.getByRole('button', { name: 'Add Paneer Tikka' }).click();
    const item = guest.getByRole('dialog', { name: 'Paneer Tikka' });
    await item.getByLabel('Medium').check();
    await item.getByRole('button', { name: /Add to order/ }).click();
    await guest.getByRole('button', { name: /View order \(1\)/ }).click();
    await guest
      .getByRole('dialog', { name: 'Your order' })
      .getByRole('button', { name: /Place order/ })
      .click();
    await guest.locator('[data-order]').first().getByText('Received').waitFor();

    // The bill: its lines and what is due, as the server counts it.
    await guest.getByRole('button', { name: 'See the bill' }).click();
    const bill = guest.getByRole('dialog', { name: 'Your bill' });
    await bill.getByText('Paneer Tikka').waitFor();
    const cashier = await world.server.login('cashier1@spiceroute.example');
    const check = await world.server.api<{
      id: string;
      due: number;
      total: number;
      tip_options: { amount: number }[];
    }>(`/public/tables/${token}/check`, cashier);
    expect(check.due).toBe(check.total);
    await expect(bill.locator('[data-total="due"]').textContent()).resolves.toBe(inr(check.due));
    await expectAccessible(guest);
    expect(await smallTouchTargets(guest)).toEqual([]);
    await screenshots(guest, 'guest-bill');

    // A 10 % tip, then cash at the counter.
    const tenPercent = check.tip_options[0]!.amount;
    await bill.getByLabel(/^10 %/).check();
    await bill.getByText(`With the tip: ${inr(check.due + tenPercent)}`).waitFor();
    await bill.getByRole('button', { name: 'Pay at the counter (cash)' }).click();
    await bill.getByRole('status').filter({ hasText: 'A member of staff is on the way' }).waitFor();
    await expectAccessible(guest);
    expect(await smallTouchTargets(guest)).toEqual([]);
    await screenshots(guest, 'guest-bill-requested');

    // The POS's list (GET /checks?bill_requested=true) has the table, its method, due and tip.
    const requests = await world.server.api<{ data: RequestedCheck[] }>(
      '/checks?bill_requested=true',
      cashier,
    );
    const t3 = requests.data.find((entry) => entry.table_number === 'T3');
    expect(t3).toMatchObject({
      id: check.id,
      bill_request_method: 'cash',
      bill_request_tip: tenPercent,
      due: check.due,
    });

    // The cashier takes the cash; both phones say it is paid, live.
    await world.server.api('/payments/process', cashier, {
      method: 'POST',
      body: {
        check_id: check.id,
        method: 'cash',
        tip: { amount: tenPercent },
        tendered: check.due + tenPercent,
        idempotency_key: `e2e-cash-${check.id}`,
      },
    });
    await bill.getByRole('status').filter({ hasText: 'Paid — thank you!' }).waitFor();
    await friend.getByRole('status').filter({ hasText: 'Paid — thank you!' }).waitFor();
    expect(await friend.getByRole('button', { name: 'See the bill' }).count()).toBe(0);
    await expectAccessible(friend);
    await screenshots(friend, 'guest-bill-paid');
    const after = await world.server.api<{ data: RequestedCheck[] }>('/checks?bill_requested=true', cashier);
    expect(after.data.map((entry) => entry.id)).not.toContain(check.id);
  });
});
