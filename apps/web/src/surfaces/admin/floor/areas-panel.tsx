import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState } from '../../../ui/states.js';
import { shownErrors } from '../menu/form-errors.js';
import { type Area, floorKeys } from './floor-data.js';

/** Areas of the floor (dining room, terrace …): add, rename, remove (only when empty). */
export function AreasPanel({ session, areas }: { session: StaffSession; areas: Area[] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (area: Area) => session.api.delete(`/floor/areas/${area.id}`),
    onSettled: () => client.invalidateQueries({ queryKey: floorKeys.all }),
  });
  return (
    <section aria-labelledby="areas-title" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <h2 id="areas-title" className="text-xl font-semibold">
        {t('backoffice.areas')}
      </h2>
      {areas.length === 0 ? (
        <Empty>{t('backoffice.no_areas')}</Empty>
      ) : (
        <ul className="flex flex-col gap-3">
          {areas.map((area) => (
            <li key={area.id} className="flex flex-wrap items-end gap-2 border-b border-stone-100 pb-3">
              <AreaForm session={session} area={area} />
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={remove.isPending}
                onClick={() => remove.mutate(area)}
                aria-label={t('backoffice.delete_named', { name: area.name })}
              >
                {t('backoffice.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error !== null && <ErrorState error={remove.error} />}
      <AreaForm session={session} area={null} />
    </section>
  );
}

/** One area's name (rename) or, without an area, the form that adds one. */
function AreaForm({ session, area }: { session: StaffSession; area: Area | null }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState(area?.name ?? '');
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const save = useMutation({
    mutationFn: (body: { name: string }) =>
      area
        ? session.api.patch(`/floor/areas/${area.id}`, body)
        : session.api.post('/floor/areas', { ...body, position: 0 }, keyFor(body)),
    onSuccess: () => {
      if (!area) setName('');
      setTried(false);
      return client.invalidateQueries({ queryKey: floorKeys.all });
    },
  });
  const errors = shownErrors(t, tried && !name.trim() ? { name: 'form.required' } : {}, save.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (name.trim() && name.trim() !== area?.name) save.mutate({ name: name.trim() });
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
      <TextField
        label={area ? t('backoffice.area_name', { name: area.name }) : t('backoffice.new_area')}
        value={name}
        onValue={setName}
        error={errors.name}
      />
      <button type="submit" className={buttonClass(area ? 'secondary' : 'primary')} disabled={save.isPending}>
        {area ? t('backoffice.rename') : t('backoffice.add_area')}
      </button>
      {save.error !== null && !errors.name && <ErrorState error={save.error} />}
    </form>
  );
}
