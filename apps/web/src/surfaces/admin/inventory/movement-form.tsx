import { useState } from 'react';
import { SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { FormSheet, formErrors, unitLabel, unitOptions, useInventoryWrite } from './parts.js';
import { parseMoney, parseNumber, unitsLike } from './quantities.js';
import type { Ingredient, Unit } from './types.js';

export type MovementKind = 'stock_in' | 'stock_out' | 'waste' | 'adjust';

const endpoints: Record<MovementKind, string> = {
  stock_in: '/inventory/stock-in',
  stock_out: '/inventory/stock-out',
  waste: '/inventory/stock-out',
  adjust: '/inventory/adjust',
};

/** A movement takes a positive quantity, a count any level from zero, a change anything but zero. */
function acceptable(amount: number, field: 'quantity' | 'new_quantity' | 'delta') {
  if (field === 'delta') return amount !== 0;
  return field === 'new_quantity' ? amount >= 0 : amount > 0;
}

/** Stock in (with cost, lot and expiry), stock out, waste (with its reason) or an adjustment. */
export function MovementForm({
  session,
  restaurant,
  ingredient,
  kind,
  onDone,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  ingredient: Ingredient;
  kind: MovementKind;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [quantity, setQuantity] = useState('');
  const [unit, setUnit] = useState<Unit>(ingredient.unit);
  const [adjustMode, setAdjustMode] = useState<'new_quantity' | 'delta'>('new_quantity');
  const [unitCost, setUnitCost] = useState('');
  const [lotCode, setLotCode] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const move = useInventoryWrite((body: Record<string, unknown>) => session.api.post(endpoints[kind], body));
  const error = formErrors(invalid, move.error);
  const quantityField = kind === 'adjust' ? adjustMode : 'quantity';

  const submit = () => {
    const found: Record<string, string> = {};
    const amount = parseNumber(quantity);
    if (amount === null || !acceptable(amount, kind === 'adjust' ? adjustMode : 'quantity'))
      found[quantityField] = t('inventory.quantity_invalid');
    const cost = unitCost.trim() ? parseMoney(unitCost, restaurant.currency) : undefined;
    if (cost === null) found.unit_cost = t('inventory.money_invalid');
    if ((kind === 'waste' || kind === 'adjust') && !reason.trim()) found.reason = t('form.required');
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    const common = { ingredient_id: ingredient.id, unit, ...(note.trim() && { note: note.trim() }) };
    const body =
      kind === 'adjust'
        ? { ...common, [adjustMode]: amount, reason: reason.trim() }
        : kind === 'stock_in'
          ? {
              ...common,
              quantity: amount,
              ...(cost !== undefined && { unit_cost: cost }),
              ...(lotCode.trim() && { lot_code: lotCode.trim() }),
              ...(expiresOn && { expires_on: expiresOn }),
            }
          : { ...common, quantity: amount, type: kind, ...(reason.trim() && { reason: reason.trim() }) };
    move.mutate(body, { onSuccess: onDone });
  };

  return (
    <FormSheet
      title={t(`inventory.movement.${kind}`, { name: ingredient.name })}
      submitLabel={t('inventory.record')}
      busy={move.isPending}
      error={move.error}
      onSubmit={submit}
      onClose={onDone}
    >
      {kind === 'adjust' && (
        <SelectField
          label={t('inventory.adjust_mode')}
          value={adjustMode}
          onValue={(value) => setAdjustMode(value as typeof adjustMode)}
          options={[
            ['new_quantity', t('inventory.adjust_to')],
            ['delta', t('inventory.adjust_by')],
          ]}
        />
      )}
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('inventory.quantity')}
          inputMode="decimal"
          value={quantity}
          onValue={setQuantity}
          error={error(quantityField)}
          hint={kind === 'adjust' && adjustMode === 'delta' ? t('inventory.delta_hint') : undefined}
        />
        <SelectField
          label={t('inventory.unit')}
          value={unit}
          onValue={(value) => setUnit(value as Unit)}
          options={unitOptions(t, unitsLike(ingredient.unit))}
          error={error('unit')}
        />
      </div>
      {kind === 'stock_in' && (
        <>
          <TextField
            label={t('inventory.unit_cost', { unit: unitLabel(t, ingredient.unit) })}
            hint={t('inventory.unit_cost_hint')}
            inputMode="decimal"
            value={unitCost}
            onValue={setUnitCost}
            error={error('unit_cost')}
          />
          <div className="grid grid-cols-2 gap-3">
            <TextField
              label={t('inventory.lot_code')}
              value={lotCode}
              onValue={setLotCode}
              error={error('lot_code')}
            />
            <TextField
              label={t('inventory.expires_on')}
              type="date"
              value={expiresOn}
              onValue={setExpiresOn}
              error={error('expires_on')}
            />
          </div>
        </>
      )}
      {kind !== 'stock_in' && (
        <TextField
          label={kind === 'stock_out' ? t('inventory.reason_optional') : t('inventory.reason')}
          hint={kind === 'waste' ? t('inventory.waste_hint') : undefined}
          value={reason}
          onValue={setReason}
          error={error('reason')}
        />
      )}
      <TextField label={t('inventory.note')} value={note} onValue={setNote} error={error('note')} />
    </FormSheet>
  );
}
