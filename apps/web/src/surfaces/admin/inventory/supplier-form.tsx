import { useState } from 'react';
import { TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { FormSheet, formErrors, useInventoryWrite } from './parts.js';
import type { Supplier } from './types.js';

/** Adds a supplier, or edits one (`supplier` given). */
export function SupplierForm({
  session,
  supplier,
  onDone,
}: {
  session: StaffSession;
  supplier?: Supplier;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(supplier?.name ?? '');
  const [contact, setContact] = useState(supplier?.contact_name ?? '');
  const [email, setEmail] = useState(supplier?.email ?? '');
  const [phone, setPhone] = useState(supplier?.phone ?? '');
  const [leadTime, setLeadTime] = useState(String(supplier?.lead_time_days ?? 1));
  const [notes, setNotes] = useState(supplier?.notes ?? '');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const save = useInventoryWrite((body: Record<string, unknown>) =>
    supplier
      ? session.api.patch(`/inventory/suppliers/${supplier.id}`, body)
      : session.api.post('/inventory/suppliers', body),
  );
  const error = formErrors(invalid, save.error);

  const submit = () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('form.required');
    if (email.trim() && !/^\S+@\S+\.\S+$/.test(email.trim())) found.email = t('login.email_invalid');
    if (!/^\d+$/.test(leadTime.trim()) || Number(leadTime) > 365)
      found.lead_time_days = t('inventory.days_invalid');
    setInvalid(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      {
        name: name.trim(),
        contact_name: contact.trim() || null,
        email: email.trim() || null,
        phone: phone.trim() || null,
        lead_time_days: Number(leadTime),
        notes: notes.trim() || null,
      },
      { onSuccess: onDone },
    );
  };

  return (
    <FormSheet
      title={supplier ? t('inventory.edit_supplier', { name: supplier.name }) : t('inventory.new_supplier')}
      submitLabel={t('inventory.save')}
      busy={save.isPending}
      error={save.error}
      onSubmit={submit}
      onClose={onDone}
    >
      <TextField label={t('inventory.name')} value={name} onValue={setName} error={error('name')} />
      <TextField
        label={t('inventory.contact_name')}
        value={contact}
        onValue={setContact}
        error={error('contact_name')}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('login.email')}
          type="email"
          value={email}
          onValue={setEmail}
          error={error('email')}
        />
        <TextField
          label={t('inventory.phone')}
          type="tel"
          value={phone}
          onValue={setPhone}
          error={error('phone')}
        />
      </div>
      <TextField
        label={t('inventory.lead_time_days')}
        inputMode="numeric"
        value={leadTime}
        onValue={setLeadTime}
        error={error('lead_time_days')}
      />
      <TextField label={t('inventory.notes')} value={notes} onValue={setNotes} error={error('notes')} />
    </FormSheet>
  );
}
