import { useState } from 'react';
import { CheckboxField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { FormSheet, formErrors, unitLabel, useFormats, useInventoryWrite } from './parts.js';
import { moneyInput, parseMoney, parseNumber } from './quantities.js';
import type { PurchaseOrder } from './types.js';

interface ReceiptDraft {
  quantity: string;
  unitCost: string;
  lotCode: string;
  expiresOn: string;
}

/**
 * Receives a sent purchase order, fully (the default: what is still due) or partly (change or
 * clear quantities), at the invoiced cost; more than ordered needs the override.
 */
export function ReceiveForm({
  session,
  restaurant,
  order,
  onDone,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  order: PurchaseOrder;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const due = order.lines.filter((line) => line.received < line.ordered);
  const [drafts, setDrafts] = useState<Record<string, ReceiptDraft>>(() =>
    Object.fromEntries(
      due.map((line) => [
        line.id,
        {
          quantity: String(Math.round((line.ordered - line.received) * 1000) / 1000),
          unitCost: moneyInput(line.unit_cost, restaurant.currency),
          lotCode: '',
          expiresOn: '',
        },
      ]),
    ),
  );
  const [override, setOverride] = useState(false);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const receive = useInventoryWrite((body: Record<string, unknown>) =>
    session.api.post(`/inventory/purchase-orders/${order.id}/receive`, body),
  );
  const error = formErrors(invalid, receive.error);
  const update = (lineId: string, change: Partial<ReceiptDraft>) =>
    setDrafts((current) => ({ ...current, [lineId]: { ...current[lineId]!, ...change } }));

  // Only lines with a quantity are sent: errors (ours and the server's) name their place in what is sent.
  const sent = due.filter((line) => drafts[line.id]!.quantity.trim());
  const fieldOf = (lineId: string, field: string) =>
    `lines.${sent.findIndex((line) => line.id === lineId)}.${field}`;

  const submit = () => {
    const found: Record<string, string> = {};
    const lines = [];
    for (const [index, line] of sent.entries()) {
      const draft = drafts[line.id]!;
      const quantity = parseNumber(draft.quantity);
      const unitCost = parseMoney(draft.unitCost, restaurant.currency);
      if (quantity === null || quantity <= 0)
        found[`lines.${index}.quantity`] = t('inventory.quantity_invalid');
      if (unitCost === null) found[`lines.${index}.unit_cost`] = t('inventory.money_invalid');
      lines.push({
        line_id: line.id,
        quantity,
        unit_cost: unitCost,
        ...(draft.lotCode.trim() && { lot_code: draft.lotCode.trim() }),
        ...(draft.expiresOn && { expires_on: draft.expiresOn }),
      });
    }
    if (lines.length === 0) found.lines = t('inventory.receive_something');
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    receive.mutate({ lines, override }, { onSuccess: onDone });
  };

  return (
    <FormSheet
      title={t('inventory.receive_order')}
      submitLabel={t('inventory.receive')}
      busy={receive.isPending}
      error={receive.error}
      onSubmit={submit}
      onClose={onDone}
    >
      <p className="text-sm text-stone-700">{t('inventory.receive_hint')}</p>
      {due.map((line) => {
        const draft = drafts[line.id]!;
        return (
          <fieldset key={line.id} className="grid grid-cols-2 gap-2 border-t border-stone-200 pt-2">
            <legend className="font-medium">{line.ingredient_name}</legend>
            <p className="col-span-2 text-sm text-stone-700">
              {t('inventory.ordered_received', {
                ordered: format.quantity(line.ordered, line.unit),
                received: format.quantity(line.received, line.unit),
              })}
            </p>
            <TextField
              label={t('inventory.received_quantity', { unit: unitLabel(t, line.unit) })}
              inputMode="decimal"
              value={draft.quantity}
              onValue={(value) => update(line.id, { quantity: value })}
              error={error(fieldOf(line.id, 'quantity'))}
            />
            <TextField
              label={t('inventory.unit_cost', { unit: unitLabel(t, line.unit) })}
              inputMode="decimal"
              value={draft.unitCost}
              onValue={(value) => update(line.id, { unitCost: value })}
              error={error(fieldOf(line.id, 'unit_cost'))}
            />
            <TextField
              label={t('inventory.lot_code')}
              value={draft.lotCode}
              onValue={(value) => update(line.id, { lotCode: value })}
            />
            <TextField
              label={t('inventory.expires_on')}
              type="date"
              value={draft.expiresOn}
              onValue={(value) => update(line.id, { expiresOn: value })}
              error={error(fieldOf(line.id, 'expires_on'))}
            />
          </fieldset>
        );
      })}
      {error('lines') && (
        <p role="alert" className="text-sm text-red-800">
          {error('lines')}
        </p>
      )}
      <CheckboxField label={t('inventory.override')} checked={override} onChecked={setOverride} />
    </FormSheet>
  );
}
