import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { EditorActions, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState } from '../../../ui/states.js';
import { useFocusOnOpen } from '../menu/focus-on-open.js';
import { hasErrors, shownErrors } from '../menu/form-errors.js';
import { type Area, type FloorTable, floorKeys, tableShapes } from './floor-data.js';
import { checkTable, type TableDraft, tableBody, tableDraft } from './table-form.js';

/** Add a table or change one: number, seats, area, shape and place on the floor plan. */
export function TableEditor({
  session,
  table,
  areas,
  onDone,
}: {
  session: StaffSession;
  table: FloorTable | null;
  areas: Area[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const client = useQueryClient();
  const [draft, setDraft] = useState<TableDraft>(() => tableDraft(table));
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const done = () => {
    void client.invalidateQueries({ queryKey: floorKeys.all });
    onDone();
  };
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof tableBody>) =>
      table
        ? session.api.patch(`/tables/${table.id}`, body)
        : session.api.post('/tables', body, keyFor(body)),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => session.api.delete(`/tables/${table!.id}`),
    onSuccess: done,
  });
  const errors = shownErrors(t, tried ? checkTable(draft) : {}, save.error, { position: 'x' });
  const set = (key: keyof TableDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (hasErrors(checkTable(draft))) return;
    save.mutate(tableBody(draft, table));
  }

  return (
    <section
      aria-labelledby="table-editor-title"
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow"
    >
      <h2 ref={heading} tabIndex={-1} id="table-editor-title" className="outline-none text-xl font-semibold">
        {table ? t('backoffice.edit_table', { number: table.number }) : t('backoffice.new_table')}
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-3">
          <TextField
            label={t('backoffice.table_number')}
            value={draft.number}
            onValue={set('number')}
            error={errors.number}
          />
          <TextField
            label={t('backoffice.seats')}
            inputMode="numeric"
            value={draft.capacity}
            onValue={set('capacity')}
            error={errors.capacity}
          />
          <SelectField
            label={t('backoffice.area')}
            value={draft.area_id}
            onValue={set('area_id')}
            error={errors.area_id}
            options={[['', t('backoffice.no_area')], ...areas.map((area) => [area.id, area.name] as const)]}
          />
          <SelectField
            label={t('backoffice.shape')}
            value={draft.shape}
            onValue={set('shape')}
            options={[
              ['', t('backoffice.shape_unset')],
              ...tableShapes.map((shape) => [shape, t(`backoffice.shape_${shape}`)] as const),
            ]}
          />
          <TextField
            label={t('backoffice.position_x')}
            hint={t('backoffice.position_hint')}
            inputMode="numeric"
            value={draft.x}
            onValue={set('x')}
            error={errors.x}
          />
          <TextField
            label={t('backoffice.position_y')}
            inputMode="numeric"
            value={draft.y}
            onValue={set('y')}
            error={errors.y}
          />
        </div>
        {save.error !== null && <ErrorState error={save.error} />}
        {remove.error !== null && <ErrorState error={remove.error} />}
        <EditorActions
          saveLabel={table ? t('backoffice.save') : t('backoffice.add_table')}
          saving={save.isPending}
          cancelLabel={t('backoffice.cancel')}
          onCancel={onDone}
          remove={
            table && {
              label: t('backoffice.delete_table'),
              confirm: t('backoffice.confirm_delete', { name: table.number }),
              pending: remove.isPending,
              onConfirmed: () => remove.mutate(),
            }
          }
        />
      </form>
    </section>
  );
}
