import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState } from '../../../ui/states.js';
import { shownErrors } from './form-errors.js';
import { type Category, menuKeys } from './menu-data.js';

/** Categories of the draft: create, rename, move up or down, delete (only when empty). */
export function CategoriesPanel({ session, categories }: { session: StaffSession; categories: Category[] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: menuKeys.all });
  const reorder = useMutation({
    mutationFn: async ({ from, to }: { from: number; to: number }) => {
      const order = [...categories];
      const [moved] = order.splice(from, 1);
      order.splice(to, 0, moved!);
      // Positions become the indexes of the new order; only the ones that differ are sent.
      for (const [index, category] of order.entries())
        if (category.position !== index)
          await session.api.patch(`/menu/categories/${category.id}`, { position: index });
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (category: Category) => session.api.delete(`/menu/categories/${category.id}`),
    onSettled: refresh,
  });
  return (
    <section
      aria-labelledby="categories-title"
      className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow"
    >
      <h2 id="categories-title" className="text-xl font-semibold">
        {t('backoffice.categories')}
      </h2>
      {categories.length === 0 ? (
        <Empty>{t('backoffice.no_categories')}</Empty>
      ) : (
        <ol className="flex flex-col gap-3">
          {categories.map((category, index) => (
            <li key={category.id} className="flex flex-col gap-2 border-b border-stone-100 pb-3">
              <CategoryName session={session} category={category} />
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  disabled={index === 0 || reorder.isPending}
                  onClick={() => reorder.mutate({ from: index, to: index - 1 })}
                  aria-label={t('backoffice.move_up', { name: category.name })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  disabled={index === categories.length - 1 || reorder.isPending}
                  onClick={() => reorder.mutate({ from: index, to: index + 1 })}
                  aria-label={t('backoffice.move_down', { name: category.name })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(category)}
                  aria-label={t('backoffice.delete_named', { name: category.name })}
                >
                  {t('backoffice.delete')}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {reorder.error !== null && <ErrorState error={reorder.error} />}
      {remove.error !== null && <ErrorState error={remove.error} />}
      <NewCategory session={session} />
    </section>
  );
}

function CategoryName({ session, category }: { session: StaffSession; category: Category }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState(category.name);
  const [tried, setTried] = useState(false);
  const rename = useMutation({
    mutationFn: (next: string) => session.api.patch(`/menu/categories/${category.id}`, { name: next }),
    onSuccess: () => client.invalidateQueries({ queryKey: menuKeys.all }),
  });
  const local = tried && !name.trim() ? ({ name: 'form.required' } as const) : {};
  const errors = shownErrors(t, local, rename.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (name.trim() && name.trim() !== category.name) rename.mutate(name.trim());
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
      <TextField
        label={t('backoffice.category_name', { name: category.name })}
        value={name}
        onValue={setName}
        error={errors.name}
      />
      <button type="submit" className={buttonClass('secondary')} disabled={rename.isPending}>
        {t('backoffice.rename')}
      </button>
    </form>
  );
}

function NewCategory({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const create = useMutation({
    mutationFn: (body: { name: string }) => session.api.post('/menu/categories', body, keyFor(body)),
    onSuccess: () => {
      setName('');
      setTried(false);
      return client.invalidateQueries({ queryKey: menuKeys.all });
    },
  });
  const local = tried && !name.trim() ? ({ name: 'form.required' } as const) : {};
  const errors = shownErrors(t, local, create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (name.trim()) create.mutate({ name: name.trim() });
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2">
      <TextField label={t('backoffice.new_category')} value={name} onValue={setName} error={errors.name} />
      {create.error !== null && <ErrorState error={create.error} />}
      <button type="submit" className={`${buttonClass()} self-start`} disabled={create.isPending}>
        {t('backoffice.add_category')}
      </button>
    </form>
  );
}
