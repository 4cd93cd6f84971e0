import { describe, expect, it } from 'vitest';
import { checkItem, itemBody, itemDraft } from './item-form.js';
import { checkGroup, groupBody, groupDraft } from './modifier-group-form.js';

describe('the item form', () => {
  const valid = {
    ...itemDraft(null, 'INR', 'c1'),
    name: ' Thali ',
    price: '349',
    allergens: 'Dairy, gluten free',
    prep_minutes: '15',
    variants: [
      { name: 'Half', price: '199.50' },
      { name: 'Full', price: '349' },
    ],
  };

  it('turns what was typed into the API body: minor units, identifiers, seconds', () => {
    expect(checkItem(valid, 'INR')).toEqual({});
    expect(itemBody(valid, 'INR')).toMatchObject({
      name: 'Thali',
      category_id: 'c1',
      price: 34900,
      cost_price: null,
      allergens: ['dairy', 'gluten_free'],
      prep_time_seconds: 900,
      station: null,
      variants: [
        { name: 'Half', price: 19950 },
        { name: 'Full', price: 34900 },
      ],
    });
  });

  it('names each wrong field before sending', () => {
    const checks = checkItem(
      {
        ...valid,
        name: ' ',
        price: 'free',
        image_url: 'ftp://x',
        station: 'Tandoor!',
        prep_minutes: '2.5',
        variants: [
          { name: 'Half', price: '1' },
          { name: 'half', price: '2' },
        ],
      },
      'INR',
    );
    expect(checks).toEqual({
      name: 'form.required',
      price: 'backoffice.price_invalid',
      image_url: 'backoffice.url_invalid',
      station: 'backoffice.identifier_invalid',
      prep_minutes: 'backoffice.prep_invalid',
      variants: 'backoffice.variant_names_differ',
    });
  });
});

describe('the modifier group form', () => {
  it('refuses min over max, and a required group with too few options', () => {
    const draft = { ...groupDraft(null, 'INR'), name: 'Spice', min_select: '2', max_select: '1' };
    expect(checkGroup(draft, 'INR')).toMatchObject({ min_select: 'backoffice.min_over_max' });
    expect(checkGroup({ ...draft, max_select: '2' }, 'INR')).toEqual({
      options: 'backoffice.too_few_options',
    });
  });

  it('sends options with minor-unit price deltas and keeps their ids and nesting', () => {
    const draft = {
      name: 'Spice',
      min_select: '1',
      max_select: '1',
      options: [
        { id: 'o1', name: 'Mild', price_delta: '0', opens_group_id: '' },
        { name: 'Extra hot', price_delta: '20', opens_group_id: 'g2' },
      ],
    };
    expect(checkGroup(draft, 'INR')).toEqual({});
    expect(groupBody(draft, 'INR')).toEqual({
      name: 'Spice',
      min_select: 1,
      max_select: 1,
      options: [
        { id: 'o1', name: 'Mild', price_delta: 0, opens_group_id: null },
        { name: 'Extra hot', price_delta: 2000, opens_group_id: 'g2' },
      ],
    });
  });
});
