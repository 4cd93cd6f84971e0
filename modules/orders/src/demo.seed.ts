import { systemContext } from '@brigade/kernel';
import type { PricingItem } from '@brigade/menu';
import { demoRestaurantId } from '@brigade/tenants';
import type { OrderLineInput, OrderStatus, OrdersService } from './contract/index.js';
import type { OrdersDeps } from './support.js';

/** A line of an item as a guest would order it: its first size, the fewest options its rules ask. */
function lineOf(item: PricingItem, quantity: number): OrderLineInput {
  const groups = item.modifier_groups.filter((group) => group.min_select > 0);
  const option_ids = groups.flatMap((group) =>
    group.options
      .filter((option) => option.is_available && !option.opens_group_id)
      .slice(0, group.min_select)
      .map((option) => option.id),
  );
  return { menu_item_id: item.id, variant_id: item.variants[0]?.id ?? null, option_ids, quantity };
}

/**
 * Spice Route's orders of the day (seed 004's shapes), placed through the service so they are
 * priced, numbered and announced like any other: one per channel, at several statuses. Runs
 * once: a restaurant that has orders is left alone.
 */
export async function seedDemoOrders(service: OrdersService, deps: OrdersDeps): Promise<void> {
  const ctx = systemContext(demoRestaurantId, 'orders-demo-seed');
  if ((await service.listOrders(ctx, { limit: 1 })).data.length > 0) return;
  const listed = await deps.menu().listItems(ctx, { limit: 50 });
  if (listed.data.length === 0) return;
  const { items } = await deps.menu().getItemsForPricing(ctx, {
    item_ids: listed.data.map((item) => item.id),
  });
  const orderable = items.filter((item) => item.is_available);
  if (orderable.length < 3) return;
  const pick = (index: number, quantity = 1) => lineOf(orderable[index % orderable.length]!, quantity);
  const tables = await deps.floor().listTables(ctx, { limit: 5 });
  const table = tables.data.find((candidate) => candidate.status === 'available') ?? tables.data[0];

  const walk = async (id: string, statuses: OrderStatus[]) => {
    for (const status of statuses) await service.changeStatus(ctx, { id, status });
  };
  if (table) {
    const dineIn = await service.placeOrder(ctx, {
      channel: 'dine_in',
      table_id: table.id,
      covers: 2,
      lines: [pick(0, 2), pick(3)],
    });
    await walk(dineIn.id, ['preparing', 'ready', 'served']);
  }
  const takeout = await service.placeOrder(ctx, {
    channel: 'takeout',
    customer: { name: 'Priya', phone: '+91 98450 00001' },
    lines: [pick(1), pick(4, 2)],
  });
  await walk(takeout.id, ['preparing']);
  const delivery = await service.placeOrder(ctx, {
    channel: 'delivery',
    customer: { name: 'Arjun', phone: '+91 98450 00002' },
    delivery_address: { line1: '12 MG Road', city: 'Bengaluru', postal_code: '560001' },
    lines: [pick(2), pick(5)],
  });
  await walk(delivery.id, ['preparing', 'ready', 'out_for_delivery']);
  await service.placeOrder(ctx, {
    channel: 'online',
    customer: { name: 'Meera', email: 'meera@example.com' },
    lines: [pick(6, 3)],
  });
  const cancelled = await service.placeOrder(ctx, { channel: 'takeout', lines: [pick(7)] });
  await service.cancelOrder(ctx, { id: cancelled.id, reason: 'Guest changed their mind' });
}
