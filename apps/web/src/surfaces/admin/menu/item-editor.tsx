import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, EditorActions, Field, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState } from '../../../ui/states.js';
import { useFocusOnOpen } from './focus-on-open.js';
import { hasErrors, shownErrors } from './form-errors.js';
import { checkItem, type ItemDraft, itemBody, itemDraft } from './item-form.js';
import type { Category, MenuItem, ModifierGroup } from './menu-data.js';
import { menuKeys } from './menu-data.js';
import { PriceHistory } from './price-history.js';

/** The restaurant's tax categories (its tax settings come with the restaurant). */
function taxCategories(restaurant: Restaurant): { category: string; name: string }[] {
  const tax = (restaurant as Restaurant & { tax?: { rates?: { category: string; name: string }[] } }).tax;
  return tax?.rates ?? [];
}

/** What the recipe slot of the item editor renders with (inventory's RecipeEditor takes these). */
export interface RecipeEditorProps {
  session: StaffSession;
  restaurant: Restaurant;
  itemId: string;
}

/**
 * Create or edit one menu item: every field the menu API offers, its variants and the
 * modifier groups it offers. `RecipeEditor` is the recipe slot: rendered under a saved item's
 * form when the back office passes one (see MenuEditor).
 */
export function ItemEditor({
  session,
  restaurant,
  item,
  categories,
  groups,
  defaultCategoryId,
  onDone,
  RecipeEditor,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  item: MenuItem | null;
  categories: Category[];
  groups: ModifierGroup[];
  defaultCategoryId: string;
  onDone: () => void;
  RecipeEditor?: ComponentType<RecipeEditorProps> | undefined;
}) {
  const { t } = useI18n();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const client = useQueryClient();
  const currency = restaurant.currency;
  const [draft, setDraft] = useState<ItemDraft>(() => itemDraft(item, currency, defaultCategoryId));
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const done = () => {
    void client.invalidateQueries({ queryKey: menuKeys.all });
    onDone();
  };
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof itemBody>) =>
      item
        ? session.api.patch(`/menu/items/${item.id}`, body)
        : session.api.post('/menu/items', body, keyFor(body)),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => session.api.delete(`/menu/items/${item!.id}`),
    onSuccess: done,
  });
  const checks = tried ? checkItem(draft, currency) : {};
  const errors = shownErrors(t, checks, save.error);
  const set =
    <K extends keyof ItemDraft>(key: K) =>
    (value: ItemDraft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (hasErrors(checkItem(draft, currency))) return;
    save.mutate(itemBody(draft, currency));
  }

  const taxOptions = taxCategories(restaurant).map(
    (rate) => [rate.category, `${rate.name} (${rate.category})`] as const,
  );
  const title = item ? t('backoffice.edit_item', { name: item.name }) : t('backoffice.new_item');
  return (
    <section
      aria-labelledby="item-editor-title"
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow"
    >
      <h2 ref={heading} tabIndex={-1} id="item-editor-title" className="outline-none text-xl font-semibold">
        {title}
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label={t('backoffice.name')}
            value={draft.name}
            onValue={set('name')}
            error={errors.name}
          />
          <SelectField
            label={t('backoffice.category')}
            value={draft.category_id}
            onValue={set('category_id')}
            error={errors.category_id}
            options={categories.map((category) => [category.id, category.name] as const)}
          />
          <TextField
            label={t('backoffice.price')}
            hint={t('backoffice.price_hint', { currency })}
            inputMode="decimal"
            value={draft.price}
            onValue={set('price')}
            error={errors.price}
          />
          <TextField
            label={t('backoffice.cost_price')}
            hint={t('backoffice.optional')}
            inputMode="decimal"
            value={draft.cost_price}
            onValue={set('cost_price')}
            error={errors.cost_price}
          />
        </div>
        <Field label={t('backoffice.description')} error={errors.description}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={draft.description}
              onChange={(event) => set('description')(event.target.value)}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            />
          )}
        </Field>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label={t('backoffice.image_url')}
            type="url"
            placeholder="https://"
            value={draft.image_url}
            onValue={set('image_url')}
            error={errors.image_url}
          />
          <SelectField
            label={t('backoffice.tax_category')}
            value={draft.tax_category}
            onValue={set('tax_category')}
            error={errors.tax_category}
            options={[['', t('backoffice.tax_default')], ...taxOptions]}
          />
          <TextField
            label={t('backoffice.allergens')}
            hint={t('backoffice.list_hint')}
            value={draft.allergens}
            onValue={set('allergens')}
            error={errors.allergens}
          />
          <TextField
            label={t('backoffice.dietary_tags')}
            hint={t('backoffice.list_hint')}
            value={draft.dietary_tags}
            onValue={set('dietary_tags')}
            error={errors.dietary_tags}
          />
          <TextField
            label={t('backoffice.station')}
            hint={t('backoffice.station_hint')}
            value={draft.station}
            onValue={set('station')}
            error={errors.station}
          />
          <TextField
            label={t('backoffice.prep_minutes')}
            inputMode="numeric"
            value={draft.prep_minutes}
            onValue={set('prep_minutes')}
            error={errors.prep_minutes}
          />
        </div>
        <VariantRows variants={draft.variants} onChange={set('variants')} error={errors.variants} />
        <fieldset className="flex flex-col gap-2">
          <legend className="font-medium">{t('backoffice.item_modifier_groups')}</legend>
          {groups.length === 0 && <p className="text-stone-600">{t('backoffice.no_groups')}</p>}
          {groups.map((group) => (
            <label key={group.id} className="flex min-h-11 items-center gap-3">
              <input
                type="checkbox"
                className="h-6 w-6"
                checked={draft.modifier_group_ids.includes(group.id)}
                onChange={(event) =>
                  set('modifier_group_ids')(
                    event.target.checked
                      ? [...draft.modifier_group_ids, group.id]
                      : draft.modifier_group_ids.filter((id) => id !== group.id),
                  )
                }
              />
              {group.name}
              {group.is_required && (
                <span className="text-sm text-stone-600">({t('backoffice.required')})</span>
              )}
            </label>
          ))}
          {errors.modifier_group_ids && <p className="text-sm text-red-800">{errors.modifier_group_ids}</p>}
        </fieldset>
        {save.error !== null && <ErrorState error={save.error} />}
        {remove.error !== null && <ErrorState error={remove.error} />}
        <EditorActions
          saveLabel={item ? t('backoffice.save') : t('backoffice.create_item')}
          saving={save.isPending}
          cancelLabel={t('backoffice.cancel')}
          onCancel={onDone}
          remove={
            item && {
              label: t('backoffice.delete_item'),
              confirm: t('backoffice.confirm_delete', { name: item.name }),
              pending: remove.isPending,
              onConfirmed: () => remove.mutate(),
            }
          }
        />
      </form>
      {item && RecipeEditor && <RecipeEditor session={session} restaurant={restaurant} itemId={item.id} />}
      {item && (
        <PriceHistory session={session} item={item} currency={currency} timeZone={restaurant.timezone} />
      )}
    </section>
  );
}

function VariantRows({
  variants,
  onChange,
  error,
}: {
  variants: ItemDraft['variants'];
  onChange: (variants: ItemDraft['variants']) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const update = (index: number, change: Partial<ItemDraft['variants'][number]>) =>
    onChange(variants.map((variant, at) => (at === index ? { ...variant, ...change } : variant)));
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? 'variants-error' : undefined}>
      <legend className="font-medium">{t('backoffice.variants')}</legend>
      <p className="text-sm text-stone-600">{t('backoffice.variants_hint')}</p>
      {variants.map((variant, index) => (
        <div key={variant.id ?? `new-${index}`} className="flex flex-wrap items-end gap-3">
          <TextField
            label={t('backoffice.variant_name', { number: index + 1 })}
            value={variant.name}
            onValue={(name) => update(index, { name })}
          />
          <TextField
            label={t('backoffice.variant_price', { number: index + 1 })}
            inputMode="decimal"
            value={variant.price}
            onValue={(price) => update(index, { price })}
          />
          <button
            type="button"
            className={buttonClass('secondary')}
            aria-label={t('backoffice.remove_variant', { number: index + 1 })}
            onClick={() => onChange(variants.filter((_, at) => at !== index))}
          >
            {t('backoffice.remove')}
          </button>
        </div>
      ))}
      {error && (
        <p id="variants-error" className="text-sm text-red-800">
          {error}
        </p>
      )}
      <button
        type="button"
        className={`${buttonClass('secondary')} self-start`}
        onClick={() => onChange([...variants, { name: '', price: '' }])}
      >
        {t('backoffice.add_variant')}
      </button>
    </fieldset>
  );
}
