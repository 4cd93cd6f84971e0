import { type Clock, systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import type { CreateItem, MenuService } from './contract/index.js';

type DemoItem = Omit<CreateItem, 'category_id' | 'modifier_group_ids'> & {
  spicy?: boolean;
  addOns?: boolean;
};

/** Spice Route's menu (seed 003), prices in paise: 34900 = ₹349.00. */
const demoMenu: Record<string, DemoItem[]> = {
  Starters: [
    {
      name: 'Paneer Tikka',
      description: 'Cottage cheese cubes marinated in yoghurt and spices, charred in the tandoor.',
      price: 29900,
      cost_price: 11000,
      allergens: ['dairy'],
      dietary_tags: ['vegetarian', 'gluten_free'],
      station: 'tandoor',
      prep_time_seconds: 900,
      spicy: true,
    },
    {
      name: 'Chicken 65',
      description: 'Spicy deep-fried chicken with curry leaves, a Chennai classic.',
      price: 27900,
      cost_price: 10500,
      allergens: [],
      dietary_tags: ['spicy'],
      station: 'fryer',
      prep_time_seconds: 720,
      spicy: true,
    },
    {
      name: 'Veg Samosa (2 pcs)',
      description: 'Crisp pastry filled with spiced potato and peas, with tamarind chutney.',
      price: 9900,
      cost_price: 3000,
      allergens: ['gluten'],
      dietary_tags: ['vegetarian', 'vegan'],
      station: 'fryer',
      prep_time_seconds: 420,
    },
  ],
  Mains: [
    {
      name: 'Butter Chicken',
      description: 'Tandoori chicken in a silky tomato, butter and cream gravy.',
      price: 34900,
      cost_price: 14000,
      allergens: ['dairy', 'tree_nuts'],
      dietary_tags: [],
      station: 'curry',
      prep_time_seconds: 900,
      spicy: true,
      addOns: true,
    },
    {
      name: 'Dal Makhani',
      description: 'Black lentils slow-cooked overnight with butter and cream.',
      price: 24900,
      cost_price: 7000,
      allergens: ['dairy'],
      dietary_tags: ['vegetarian', 'gluten_free'],
      station: 'curry',
      prep_time_seconds: 600,
      addOns: true,
    },
    {
      name: 'Hyderabadi Biryani',
      description: 'Dum-cooked basmati rice with chicken, saffron and fried onions; with raita.',
      price: 39900,
      cost_price: 16000,
      allergens: ['dairy'],
      dietary_tags: [],
      station: 'biryani',
      prep_time_seconds: 1200,
      variants: [
        { name: 'Half', price: 24900 },
        { name: 'Full', price: 39900 },
      ],
      spicy: true,
      addOns: true,
    },
  ],
  Breads: [
    {
      name: 'Garlic Naan',
      description: 'Leavened bread with garlic and coriander, from the tandoor.',
      price: 7900,
      cost_price: 1800,
      allergens: ['gluten', 'dairy'],
      dietary_tags: ['vegetarian'],
      station: 'tandoor',
      prep_time_seconds: 300,
    },
    {
      name: 'Butter Roti',
      description: 'Whole-wheat flatbread brushed with butter.',
      price: 4900,
      cost_price: 1000,
      allergens: ['gluten', 'dairy'],
      dietary_tags: ['vegetarian'],
      station: 'tandoor',
      prep_time_seconds: 240,
    },
  ],
  Drinks: [
    {
      name: 'Masala Chai',
      description: 'Milk tea brewed with ginger, cardamom and cinnamon.',
      price: 6900,
      cost_price: 1500,
      allergens: ['dairy'],
      dietary_tags: ['vegetarian'],
      station: 'bar',
      prep_time_seconds: 240,
    },
    {
      name: 'Mango Lassi',
      description: 'Alphonso mango blended with yoghurt.',
      price: 12900,
      cost_price: 4000,
      allergens: ['dairy'],
      dietary_tags: ['vegetarian', 'gluten_free'],
      station: 'bar',
      prep_time_seconds: 180,
    },
    {
      name: 'Sweet Lime Soda',
      description: 'Fresh lime, soda and a little sugar; sweet or salted.',
      price: 9900,
      cost_price: 2000,
      allergens: [],
      dietary_tags: ['vegan', 'gluten_free'],
      station: 'bar',
      prep_time_seconds: 120,
    },
  ],
};

/**
 * Adds Spice Route's menu: 4 categories, 11 items, a required "Spice level" group and an
 * optional "Add-ons" group, and publishes it once so that guests see it. Safe to run twice, and
 * to finish a run that stopped halfway: each category, group and item is looked up by name
 * first, and the menu is published only while no version exists.
 */
export async function seedDemoMenu(service: MenuService, clock: Clock): Promise<void> {
  const ctx = systemContext(demoRestaurantId, `seed-menu-${clock.now().getTime()}`);

  const groupNamed = async (name: string, create: () => Promise<{ id: string }>) => {
    const found = (await service.listModifierGroups(ctx, { q: name, limit: 200 })).data.find(
      (group) => group.name === name,
    );
    return (found ?? (await create())).id;
  };
  const spiceLevel = await groupNamed('Spice level', () =>
    service.createModifierGroup(ctx, {
      name: 'Spice level',
      is_required: true,
      min_select: 1,
      max_select: 1,
      options: [{ name: 'Mild' }, { name: 'Medium' }, { name: 'Hot' }, { name: 'Andhra hot' }],
    }),
  );
  const addOns = await groupNamed('Add-ons', () =>
    service.createModifierGroup(ctx, {
      name: 'Add-ons',
      is_required: false,
      min_select: 0,
      max_select: 3,
      options: [
        { name: 'Extra butter', price_delta: 2000 },
        { name: 'Boondi raita', price_delta: 4900 },
        { name: 'Roasted papad', price_delta: 2900 },
        { name: 'Extra gravy', price_delta: 5900 },
      ],
    }),
  );

  for (const [categoryName, dishes] of Object.entries(demoMenu)) {
    const existing = (await service.listCategories(ctx, { q: categoryName, limit: 200 })).data.find(
      (category) => category.name === categoryName,
    );
    const category = existing ?? (await service.createCategory(ctx, { name: categoryName }));
    const present = new Set(
      (await service.listItems(ctx, { category_id: category.id, limit: 200 })).data.map((item) => item.name),
    );
    for (const { spicy, addOns: withAddOns, ...dish } of dishes) {
      if (present.has(dish.name)) continue;
      await service.createItem(ctx, {
        ...dish,
        category_id: category.id,
        modifier_group_ids: [...(spicy ? [spiceLevel] : []), ...(withAddOns ? [addOns] : [])],
      });
    }
  }
  if ((await service.listMenuVersions(ctx, { limit: 1 })).data.length === 0) {
    await service.publishMenu(ctx, { note: 'Demo menu' });
  }
}
