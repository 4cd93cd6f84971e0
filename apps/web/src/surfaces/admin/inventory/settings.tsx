import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState, QueryState } from '../../../ui/states.js';
import { formErrors, inventoryKey, Panel, useInventoryWrite } from './parts.js';
import type { InventorySettings } from './types.js';

/** Negative stock policy, when orders take stock, and how early lots are flagged before expiry. */
export function SettingsPanel({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const settings = useQuery({
    queryKey: [...inventoryKey, 'settings'],
    queryFn: () => session.api.get<InventorySettings>('/inventory/settings'),
  });
  return (
    <Panel title={t('inventory.settings')}>
      <QueryState query={settings}>
        {(current) => <SettingsForm session={session} current={current} />}
      </QueryState>
    </Panel>
  );
}

function SettingsForm({ session, current }: { session: StaffSession; current: InventorySettings }) {
  const { t } = useI18n();
  const [negative, setNegative] = useState(current.negative_stock);
  const [consumeOn, setConsumeOn] = useState(current.consume_on);
  const [days, setDays] = useState(String(current.expiry_warning_days));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const save = useInventoryWrite((body: Partial<InventorySettings>) =>
    session.api.patch('/inventory/settings', body),
  );
  const error = formErrors(invalid, save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const warningDays = Number(days);
    const found: Record<string, string> =
      /^\d+$/.test(days.trim()) && warningDays <= 365
        ? {}
        : { expiry_warning_days: t('inventory.days_invalid') };
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ negative_stock: negative, consume_on: consumeOn, expiry_warning_days: warningDays });
  };
  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-3">
      <SelectField
        label={t('inventory.negative_stock')}
        value={negative}
        onValue={(value) => setNegative(value as InventorySettings['negative_stock'])}
        options={[
          ['refuse', t('inventory.negative_refuse')],
          ['allow', t('inventory.negative_allow')],
        ]}
      />
      <SelectField
        label={t('inventory.consume_on')}
        value={consumeOn}
        onValue={(value) => setConsumeOn(value as InventorySettings['consume_on'])}
        options={[
          ['placed', t('inventory.consume_placed')],
          ['confirmed', t('inventory.consume_confirmed')],
        ]}
      />
      <TextField
        label={t('inventory.expiry_warning_days')}
        inputMode="numeric"
        value={days}
        onValue={setDays}
        error={error('expiry_warning_days')}
      />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
        <button type="submit" disabled={save.isPending} className={buttonClass()}>
          {t('inventory.save_settings')}
        </button>
        {save.isSuccess && <p role="status">{t('inventory.saved')}</p>}
      </div>
      {save.error && (
        <div className="sm:col-span-3">
          <ErrorState error={save.error} />
        </div>
      )}
    </form>
  );
}
