import { type FormEvent, useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState } from '../../../ui/states.js';
import { formErrors, unitOptions, useFormats, useInventoryWrite } from './parts.js';
import { parseNumber, unitsLike } from './quantities.js';
import type { Ingredient, Recipe, RecipeKind, Unit } from './types.js';

interface LineDraft {
  key: string;
  ingredientId: string;
  quantity: string;
  unit: Unit;
  yieldPct: string;
}

function draftsOf(recipe: Recipe | undefined): LineDraft[] {
  return (recipe?.lines ?? []).map((line) => ({
    key: line.ingredient_id,
    ingredientId: line.ingredient_id,
    quantity: String(line.quantity),
    unit: line.unit,
    yieldPct: String(line.yield_pct),
  }));
}

/**
 * The recipe of one menu item, variant or modifier option: ingredient, quantity per portion
 * (negative on an option removes from the base), unit and yield %. Saving no lines removes it.
 */
export function RecipeLines({
  session,
  restaurant,
  kind,
  targetId,
  title,
  recipe,
  ingredients,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  kind: RecipeKind;
  targetId: string;
  title: string;
  recipe: Recipe | undefined;
  ingredients: Ingredient[];
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const [lines, setLines] = useState<LineDraft[]>(() => draftsOf(recipe));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const save = useInventoryWrite((body: { name: string; lines: unknown[] }) =>
    session.api.put<Recipe | undefined>(`/inventory/recipes/${kind}/${targetId}`, body),
  );
  const error = formErrors(invalid, save.error);
  const usable = ingredients.filter((ingredient) => !ingredient.archived);
  const byId = new Map(ingredients.map((ingredient) => [ingredient.id, ingredient]));
  const update = (key: string, change: Partial<LineDraft>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));

  const add = () => {
    const first = usable.find((ingredient) => !lines.some((line) => line.ingredientId === ingredient.id));
    if (!first) return;
    setLines((current) => [
      ...current,
      {
        key: crypto.randomUUID(),
        ingredientId: first.id,
        quantity: '',
        unit: first.base_unit,
        yieldPct: '100',
      },
    ]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const body = lines.map((line, index) => {
      const quantity = parseNumber(line.quantity);
      const yieldPct = parseNumber(line.yieldPct);
      if (quantity === null || quantity === 0)
        found[`lines.${index}.quantity`] = t('inventory.quantity_invalid');
      if (yieldPct === null || yieldPct <= 0 || yieldPct > 100)
        found[`lines.${index}.yield_pct`] = t('inventory.yield_invalid');
      if (lines.findIndex((other) => other.ingredientId === line.ingredientId) !== index)
        found[`lines.${index}.ingredient_id`] = t('inventory.ingredient_twice');
      return { ingredient_id: line.ingredientId, quantity, unit: line.unit, yield_pct: yieldPct };
    });
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ name: title, lines: body });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-3 rounded-lg border border-stone-200 p-3"
      data-recipe={title}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">{title}</h3>
        {recipe && (
          <p className="text-sm text-stone-700">
            {t('inventory.portion_cost', { cost: format.money(recipe.cost) })}
          </p>
        )}
      </div>
      {lines.length === 0 && <p className="text-stone-600">{t('inventory.no_recipe')}</p>}
      {lines.map((line, index) => {
        const ingredient = byId.get(line.ingredientId);
        const label = ingredient?.name ?? '';
        return (
          <fieldset
            key={line.key}
            className="grid grid-cols-2 items-end gap-2 border-t border-stone-100 pt-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto]"
          >
            <legend className="sr-only">
              {t('inventory.recipe_line', { number: index + 1, name: label })}
            </legend>
            <div className="col-span-2 sm:col-span-1">
              <SelectField
                label={t('inventory.ingredient')}
                value={line.ingredientId}
                onValue={(value) =>
                  update(line.key, { ingredientId: value, unit: byId.get(value)?.base_unit ?? 'g' })
                }
                options={usable.map((option) => [option.id, option.name] as const)}
                error={error(`lines.${index}.ingredient_id`)}
              />
            </div>
            <TextField
              label={t('inventory.quantity')}
              inputMode="decimal"
              value={line.quantity}
              onValue={(value) => update(line.key, { quantity: value })}
              error={error(`lines.${index}.quantity`)}
            />
            <SelectField
              label={t('inventory.unit')}
              value={line.unit}
              onValue={(value) => update(line.key, { unit: value as Unit })}
              options={unitOptions(t, unitsLike(ingredient?.unit ?? line.unit))}
            />
            <TextField
              label={t('inventory.yield_pct')}
              inputMode="decimal"
              value={line.yieldPct}
              onValue={(value) => update(line.key, { yieldPct: value })}
              error={error(`lines.${index}.yield_pct`)}
            />
            <button
              type="button"
              className={`${buttonClass('secondary')} min-w-11 justify-self-start`}
              aria-label={t('inventory.remove_ingredient', { name: label })}
              onClick={() => setLines((current) => current.filter((other) => other.key !== line.key))}
            >
              ×
            </button>
          </fieldset>
        );
      })}
      {kind === 'option' && <p className="text-sm text-stone-600">{t('inventory.option_hint')}</p>}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass('secondary')}
          onClick={add}
          disabled={usable.length === lines.length}
        >
          {t('inventory.add_line')}
        </button>
        <button type="submit" className={buttonClass()} disabled={save.isPending}>
          {t('inventory.save_recipe')}
        </button>
        {save.isSuccess && (
          <p role="status" className="self-center">
            {t('inventory.saved')}
          </p>
        )}
      </div>
      {save.error && <ErrorState error={save.error} />}
    </form>
  );
}
