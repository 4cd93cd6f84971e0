import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import { Sheet } from '../../../ui/sheet.js';
import type { StaffSession } from '../../../ui/staff.js';
import { QueryState } from '../../../ui/states.js';
import { IngredientForm } from './ingredient-form.js';
import { MovementForm, type MovementKind } from './movement-form.js';
import { MovementsList } from './movements.js';
import { inventoryKey, unitLabel, useFormats } from './parts.js';
import type { Ingredient } from './types.js';

const movementKinds: MovementKind[] = ['stock_in', 'stock_out', 'waste', 'adjust'];

/** One ingredient: its level and details, its movements, and what can be done to it. */
export function IngredientSheet({
  session,
  restaurant,
  ingredientId,
  onClose,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  ingredientId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'view' | 'edit' | MovementKind>('view');
  const ingredient = useQuery({
    queryKey: [...inventoryKey, 'item', ingredientId],
    queryFn: () => session.api.get<Ingredient>(`/inventory/items/${ingredientId}`),
  });
  const back = () => setMode('view');
  if (ingredient.data && mode === 'edit')
    return (
      <IngredientForm session={session} restaurant={restaurant} ingredient={ingredient.data} onDone={back} />
    );
  if (ingredient.data && mode !== 'view' && mode !== 'edit')
    return (
      <MovementForm
        session={session}
        restaurant={restaurant}
        ingredient={ingredient.data}
        kind={mode}
        onDone={back}
      />
    );
  return (
    <Sheet title={ingredient.data?.name ?? t('inventory.ingredient')} onClose={onClose}>
      <QueryState query={ingredient}>
        {(item) => (
          <div className="flex flex-col gap-4">
            <IngredientFacts ingredient={item} restaurant={restaurant} />
            <div className="grid grid-cols-2 gap-2">
              {movementKinds.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  disabled={item.archived}
                  className={buttonClass(kind === 'stock_in' ? 'primary' : 'secondary')}
                  onClick={() => setMode(kind)}
                >
                  {t(`inventory.action.${kind}`)}
                </button>
              ))}
              <button
                type="button"
                className={`${buttonClass('secondary')} col-span-2`}
                onClick={() => setMode('edit')}
              >
                {t('inventory.edit')}
              </button>
            </div>
            <h3 className="font-semibold">{t('inventory.movements')}</h3>
            <MovementsList session={session} restaurant={restaurant} ingredientId={item.id} />
          </div>
        )}
      </QueryState>
    </Sheet>
  );
}

function IngredientFacts({ ingredient, restaurant }: { ingredient: Ingredient; restaurant: Restaurant }) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const facts: [string, string][] = [
    [t('inventory.on_hand'), format.quantity(ingredient.quantity, ingredient.unit)],
    [
      t('inventory.cost_per_unit', { unit: unitLabel(t, ingredient.unit) }),
      format.money(ingredient.cost_per_unit),
    ],
    [t('inventory.reorder_point'), format.quantity(ingredient.reorder_point, ingredient.unit)],
    [t('inventory.par_level'), format.quantity(ingredient.par_level, ingredient.unit)],
    [t('inventory.category'), ingredient.category ?? '—'],
    [t('inventory.storage_location'), ingredient.storage_location ?? '—'],
  ];
  return (
    <>
      {ingredient.archived && <p className="font-medium text-red-800">{t('inventory.archived')}</p>}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
