import { useState } from 'react';
import { useI18n } from '../i18n.js';
import { Sheet } from '../sheet.js';
import { type Selection, toggle, unsatisfied, visibleGroups } from './selection.js';
import { type CartLine, type MenuItem, type ModifierGroup, unitPrice } from './types.js';

/** Variants and modifier groups of one item, enforcing each group's min and max. */
export function ItemSheet({
  item,
  groups,
  money,
  onClose,
  onAdd,
}: {
  item: MenuItem;
  groups: Map<string, ModifierGroup>;
  money: (minor: number) => string;
  onClose: () => void;
  onAdd: (line: CartLine) => void;
}) {
  const { t } = useI18n();
  const [variantId, setVariantId] = useState<string | null>(
    item.variants.length === 1 ? item.variants[0]!.id : null,
  );
  const [selection, setSelection] = useState<Selection>({});
  const [quantity, setQuantity] = useState(1);
  const [notes, setNotes] = useState('');
  const [tried, setTried] = useState(false);

  const visible = visibleGroups(item.modifier_group_ids, groups, selection);
  const missing = new Set(unsatisfied(visible, selection).map((group) => group.id));
  const variant = item.variants.find((entry) => entry.id === variantId) ?? null;
  const variantMissing = item.variants.length > 0 && !variant;
  const options = visible.flatMap((group) =>
    (selection[group.id] ?? []).flatMap((id) => group.options.filter((option) => option.id === id)),
  );
  const line = { item, variant, options };
  const total = unitPrice(line) * quantity;

  function add() {
    setTried(true);
    if (variantMissing || missing.size > 0) return;
    onAdd({ ...line, key: crypto.randomUUID(), quantity, notes: notes.trim() });
  }

  return (
    <Sheet
      title={item.name}
      onClose={onClose}
      footer={
        <button
          type="button"
          onClick={add}
          className="flex w-full justify-between rounded-xl bg-amber-800 px-5 py-3 text-lg font-semibold text-white"
        >
          <span>{t('guest.add_to_cart')}</span>
          <span>{money(total)}</span>
        </button>
      }
    >
      {item.description && <p className="mb-3 text-stone-700">{item.description}</p>}
      {item.variants.length > 0 && (
        <fieldset className="mb-4">
          <legend className="font-semibold">{t('guest.choose_size')}</legend>
          {tried && variantMissing && <p className="text-sm text-red-800">{t('guest.choose_one')}</p>}
          {item.variants.map((entry) => (
            <label key={entry.id} className="flex min-h-11 items-center gap-3 border-b border-stone-100">
              <input
                type="radio"
                name="variant"
                className="h-5 w-5"
                checked={variantId === entry.id}
                onChange={() => setVariantId(entry.id)}
              />
              <span className="flex-1">{entry.name}</span>
              <span>{money(entry.price)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {visible.map((group) => {
        const chosen = selection[group.id] ?? [];
        const single = group.max_select === 1;
        return (
          <fieldset key={group.id} className="mb-4">
            <legend className="font-semibold">
              {group.name}{' '}
              <span className="text-sm font-normal text-stone-600">
                {group.min_select > 0 ? t('guest.required') : t('guest.optional')} · {ruleText(group, t)}
              </span>
            </legend>
            {tried && missing.has(group.id) && (
              <p role="alert" className="text-sm text-red-800">
                {ruleText(group, t)}
              </p>
            )}
            {group.options.map((option) => {
              const checked = chosen.includes(option.id);
              const full = !single && !checked && chosen.length >= group.max_select;
              return (
                <label
                  key={option.id}
                  className={`flex min-h-11 items-center gap-3 border-b border-stone-100 ${full ? 'opacity-60' : ''}`}
                >
                  <input
                    type={single ? 'radio' : 'checkbox'}
                    name={`group-${group.id}`}
                    className="h-5 w-5"
                    checked={checked}
                    disabled={full}
                    onChange={() => setSelection((current) => toggle(current, group, option.id))}
                  />
                  <span className="flex-1">{option.name}</span>
                  {option.price_delta > 0 && <span>+{money(option.price_delta)}</span>}
                </label>
              );
            })}
          </fieldset>
        );
      })}
      <label className="mb-4 flex flex-col gap-1">
        <span className="font-semibold">{t('guest.notes')}</span>
        <textarea
          value={notes}
          maxLength={200}
          onChange={(event) => setNotes(event.target.value)}
          placeholder={t('guest.notes_placeholder')}
          className="rounded-md border border-stone-400 p-2"
        />
      </label>
      <Stepper value={quantity} onChange={setQuantity} label={t('guest.quantity')} />
    </Sheet>
  );
}

function ruleText(group: ModifierGroup, t: ReturnType<typeof useI18n>['t']) {
  if (group.min_select === group.max_select) return t('guest.choose_exactly', { count: group.min_select });
  if (group.min_select === 0) return t('guest.choose_up_to', { count: group.max_select });
  return t('guest.choose_between', { min: group.min_select, max: group.max_select });
}

export function Stepper({
  value,
  onChange,
  label,
  min = 1,
}: {
  value: number;
  onChange: (value: number) => void;
  label: string;
  min?: number;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="flex items-center gap-3">
      <legend className="sr-only">{label}</legend>
      <button
        type="button"
        className="h-11 w-11 rounded-full border border-stone-400 text-xl"
        aria-label={t('guest.decrease')}
        disabled={value <= min}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <span className="min-w-6 text-center text-lg font-semibold" aria-live="polite">
        {value}
      </span>
      <button
        type="button"
        className="h-11 w-11 rounded-full border border-stone-400 text-xl"
        aria-label={t('guest.increase')}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </fieldset>
  );
}
