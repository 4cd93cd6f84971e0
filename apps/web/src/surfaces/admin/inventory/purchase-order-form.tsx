import { useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import {
  FormSheet,
  formErrors,
  unitLabel,
  unitOptions,
  useIngredients,
  useInventoryWrite,
  useSuppliers,
} from './parts.js';
import { parseMoney, parseNumber, unitsLike } from './quantities.js';
import type { PurchaseOrder, Unit } from './types.js';

interface LineDraft {
  key: string;
  ingredientId: string;
  quantity: string;
  unit: Unit | '';
  unitCost: string;
}

const emptyLine = (): LineDraft => ({
  key: crypto.randomUUID(),
  ingredientId: '',
  quantity: '',
  unit: '',
  unitCost: '',
});

/** A new draft purchase order: a supplier, what to order (cost defaults to the ingredient's), when. */
export function PurchaseOrderForm({
  session,
  restaurant,
  onDone,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  onDone: (order?: PurchaseOrder) => void;
}) {
  const { t } = useI18n();
  const suppliers = useSuppliers(session);
  const ingredients = useIngredients(session);
  const [supplierId, setSupplierId] = useState('');
  const [expectedOn, setExpectedOn] = useState('');
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<LineDraft[]>(() => [emptyLine()]);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const create = useInventoryWrite((body: Record<string, unknown>) =>
    session.api.post<PurchaseOrder>('/inventory/purchase-orders', body),
  );
  const error = formErrors(invalid, create.error);
  const usable = (ingredients.data ?? []).filter((ingredient) => !ingredient.archived);
  const ingredientOf = (id: string) => usable.find((ingredient) => ingredient.id === id);
  const update = (key: string, change: Partial<LineDraft>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));

  const submit = () => {
    const found: Record<string, string> = {};
    if (!supplierId) found.supplier_id = t('form.required');
    const body = lines.map((line, index) => {
      const quantity = parseNumber(line.quantity);
      const unitCost = line.unitCost.trim() ? parseMoney(line.unitCost, restaurant.currency) : undefined;
      if (!line.ingredientId) found[`lines.${index}.ingredient_id`] = t('form.required');
      if (quantity === null || quantity <= 0)
        found[`lines.${index}.quantity`] = t('inventory.quantity_invalid');
      if (unitCost === null) found[`lines.${index}.unit_cost`] = t('inventory.money_invalid');
      return {
        ingredient_id: line.ingredientId,
        quantity,
        ...(line.unit && { unit: line.unit }),
        ...(unitCost !== undefined && { unit_cost: unitCost }),
      };
    });
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        supplier_id: supplierId,
        lines: body,
        ...(notes.trim() && { notes: notes.trim() }),
        ...(expectedOn && { expected_on: expectedOn }),
      },
      { onSuccess: (order) => onDone(order) },
    );
  };

  return (
    <FormSheet
      title={t('inventory.new_purchase_order')}
      submitLabel={t('inventory.create_draft')}
      busy={create.isPending}
      error={create.error}
      onSubmit={submit}
      onClose={() => onDone()}
    >
      <SelectField
        label={t('inventory.supplier')}
        value={supplierId}
        onValue={setSupplierId}
        options={[
          ['', t('inventory.choose_supplier')],
          ...(suppliers.data ?? []).map((s) => [s.id, s.name] as const),
        ]}
        error={error('supplier_id')}
      />
      {lines.map((line, index) => {
        const ingredient = ingredientOf(line.ingredientId);
        return (
          <fieldset key={line.key} className="grid grid-cols-2 gap-2 border-t border-stone-200 pt-2">
            <legend className="font-medium">{t('inventory.line', { number: index + 1 })}</legend>
            <div className="col-span-2">
              <SelectField
                label={t('inventory.ingredient')}
                value={line.ingredientId}
                onValue={(value) =>
                  update(line.key, { ingredientId: value, unit: ingredientOf(value)?.unit ?? '' })
                }
                options={[
                  ['', t('inventory.choose_ingredient')],
                  ...usable.map((item) => [item.id, item.name] as const),
                ]}
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
              options={ingredient ? unitOptions(t, unitsLike(ingredient.unit)) : [['', '—']]}
              disabled={!ingredient}
            />
            <div className="col-span-2">
              <TextField
                label={t('inventory.unit_cost', { unit: ingredient ? unitLabel(t, ingredient.unit) : '—' })}
                hint={t('inventory.unit_cost_hint')}
                inputMode="decimal"
                value={line.unitCost}
                onValue={(value) => update(line.key, { unitCost: value })}
                error={error(`lines.${index}.unit_cost`)}
              />
            </div>
            {lines.length > 1 && (
              <button
                type="button"
                className={`${buttonClass('secondary')} col-span-2`}
                onClick={() => setLines((current) => current.filter((other) => other.key !== line.key))}
              >
                {t('inventory.remove_line', { number: index + 1 })}
              </button>
            )}
          </fieldset>
        );
      })}
      <button
        type="button"
        className={buttonClass('secondary')}
        onClick={() => setLines((current) => [...current, emptyLine()])}
      >
        {t('inventory.add_line')}
      </button>
      <TextField label={t('inventory.expected_on')} type="date" value={expectedOn} onValue={setExpectedOn} />
      <TextField label={t('inventory.notes')} value={notes} onValue={setNotes} error={error('notes')} />
    </FormSheet>
  );
}
