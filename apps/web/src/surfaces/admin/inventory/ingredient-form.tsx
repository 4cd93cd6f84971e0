import { useState } from 'react';
import { CheckboxField, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { FormSheet, formErrors, unitOptions, useInventoryWrite, useSuppliers } from './parts.js';
import { moneyInput, parseMoney, parseNumber, unitsLike } from './quantities.js';
import { type Ingredient, type Unit, units } from './types.js';

/** Creates an ingredient, or edits one (`ingredient` given): a unit change stays in its dimension. */
export function IngredientForm({
  session,
  restaurant,
  ingredient,
  onDone,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  ingredient?: Ingredient;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const suppliers = useSuppliers(session);
  const [name, setName] = useState(ingredient?.name ?? '');
  const [unit, setUnit] = useState<Unit>(ingredient?.unit ?? 'kg');
  const [cost, setCost] = useState(
    ingredient ? moneyInput(ingredient.cost_per_unit, restaurant.currency) : '',
  );
  const [category, setCategory] = useState(ingredient?.category ?? '');
  const [storage, setStorage] = useState(ingredient?.storage_location ?? '');
  const [sku, setSku] = useState(ingredient?.sku ?? '');
  const [reorder, setReorder] = useState(String(ingredient?.reorder_point ?? 0));
  const [par, setPar] = useState(String(ingredient?.par_level ?? 0));
  const [supplierId, setSupplierId] = useState(ingredient?.supplier_id ?? '');
  const [archived, setArchived] = useState(ingredient?.archived ?? false);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const save = useInventoryWrite((body: Record<string, unknown>) =>
    ingredient
      ? session.api.patch(`/inventory/items/${ingredient.id}`, body)
      : session.api.post('/inventory/items', body),
  );
  const error = formErrors(invalid, save.error);

  const submit = () => {
    const found: Record<string, string> = {};
    const costMinor = parseMoney(cost, restaurant.currency);
    const reorderPoint = parseNumber(reorder);
    const parLevel = parseNumber(par);
    if (!name.trim()) found.name = t('form.required');
    if (costMinor === null) found.cost_per_unit = t('inventory.money_invalid');
    if (reorderPoint === null || reorderPoint < 0) found.reorder_point = t('inventory.quantity_invalid');
    if (parLevel === null || parLevel < 0) found.par_level = t('inventory.quantity_invalid');
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      {
        name: name.trim(),
        unit,
        cost_per_unit: costMinor,
        category: category.trim() || null,
        storage_location: storage.trim() || null,
        sku: sku.trim() || null,
        reorder_point: reorderPoint,
        par_level: parLevel,
        supplier_id: supplierId || null,
        ...(ingredient && { archived }),
      },
      { onSuccess: onDone },
    );
  };

  return (
    <FormSheet
      title={
        ingredient ? t('inventory.edit_ingredient', { name: ingredient.name }) : t('inventory.new_ingredient')
      }
      submitLabel={t('inventory.save')}
      busy={save.isPending}
      error={save.error}
      onSubmit={submit}
      onClose={onDone}
    >
      <TextField label={t('inventory.name')} value={name} onValue={setName} error={error('name')} />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label={t('inventory.unit')}
          value={unit}
          onValue={(value) => setUnit(value as Unit)}
          options={unitOptions(t, ingredient ? unitsLike(ingredient.unit) : units)}
          error={error('unit')}
        />
        <TextField
          label={t('inventory.cost_per_unit', { unit: t(`inventory.unit.${unit}`) })}
          inputMode="decimal"
          value={cost}
          onValue={setCost}
          error={error('cost_per_unit')}
        />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('inventory.reorder_point')}
          inputMode="decimal"
          value={reorder}
          onValue={setReorder}
          error={error('reorder_point')}
        />
        <TextField
          label={t('inventory.par_level')}
          inputMode="decimal"
          value={par}
          onValue={setPar}
          error={error('par_level')}
        />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('inventory.category')}
          value={category}
          onValue={setCategory}
          error={error('category')}
        />
        <TextField
          label={t('inventory.storage_location')}
          value={storage}
          onValue={setStorage}
          error={error('storage_location')}
        />
      </div>
      <TextField label={t('inventory.sku')} value={sku} onValue={setSku} error={error('sku')} />
      <SelectField
        label={t('inventory.supplier')}
        value={supplierId}
        onValue={setSupplierId}
        options={[
          ['', t('inventory.no_supplier')],
          ...(suppliers.data ?? []).map((s) => [s.id, s.name] as const),
        ]}
        error={error('supplier_id')}
      />
      {ingredient && (
        <CheckboxField label={t('inventory.archived')} checked={archived} onChecked={setArchived} />
      )}
    </FormSheet>
  );
}
