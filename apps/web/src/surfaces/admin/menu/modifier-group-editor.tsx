import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, EditorActions, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState } from '../../../ui/states.js';
import { useFocusOnOpen } from './focus-on-open.js';
import { hasErrors, shownErrors } from './form-errors.js';
import { type ModifierGroup, menuKeys } from './menu-data.js';
import { checkGroup, type GroupDraft, groupBody, groupDraft } from './modifier-group-form.js';

/** Create or edit a modifier group: how many choices (min/max) and its options with prices. */
export function ModifierGroupEditor({
  session,
  currency,
  group,
  groups,
  onDone,
}: {
  session: StaffSession;
  currency: string;
  group: ModifierGroup | null;
  groups: ModifierGroup[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const client = useQueryClient();
  const [draft, setDraft] = useState<GroupDraft>(() => groupDraft(group, currency));
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const done = () => {
    void client.invalidateQueries({ queryKey: menuKeys.all });
    onDone();
  };
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof groupBody>) =>
      group
        ? session.api.patch(`/menu/modifier-groups/${group.id}`, body)
        : session.api.post('/menu/modifier-groups', body, keyFor(body)),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => session.api.delete(`/menu/modifier-groups/${group!.id}`),
    onSuccess: done,
  });
  const checks = tried ? checkGroup(draft, currency) : {};
  const errors = shownErrors(t, checks, save.error);
  const setOption = (index: number, change: Partial<GroupDraft['options'][number]>) =>
    setDraft((current) => ({
      ...current,
      options: current.options.map((option, at) => (at === index ? { ...option, ...change } : option)),
    }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (hasErrors(checkGroup(draft, currency))) return;
    save.mutate(groupBody(draft, currency));
  }

  const nestable = [
    ['', t('backoffice.opens_nothing')] as const,
    ...groups.filter((other) => other.id !== group?.id).map((other) => [other.id, other.name] as const),
  ];
  return (
    <section
      aria-labelledby="group-editor-title"
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow"
    >
      <h2 ref={heading} tabIndex={-1} id="group-editor-title" className="outline-none text-xl font-semibold">
        {group ? t('backoffice.edit_group', { name: group.name }) : t('backoffice.new_group')}
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-3">
          <TextField
            label={t('backoffice.group_name')}
            value={draft.name}
            onValue={(name) => setDraft({ ...draft, name })}
            error={errors.name}
          />
          <TextField
            label={t('backoffice.min_select')}
            hint={t('backoffice.min_select_hint')}
            inputMode="numeric"
            value={draft.min_select}
            onValue={(min_select) => setDraft({ ...draft, min_select })}
            error={errors.min_select}
          />
          <TextField
            label={t('backoffice.max_select')}
            inputMode="numeric"
            value={draft.max_select}
            onValue={(max_select) => setDraft({ ...draft, max_select })}
            error={errors.max_select}
          />
        </div>
        <fieldset className="flex flex-col gap-3">
          <legend className="font-medium">{t('backoffice.options')}</legend>
          {draft.options.map((option, index) => (
            <div key={option.id ?? `new-${index}`} className="flex flex-wrap items-end gap-3">
              <TextField
                label={t('backoffice.option_name', { number: index + 1 })}
                value={option.name}
                onValue={(name) => setOption(index, { name })}
              />
              <TextField
                label={t('backoffice.option_price', { number: index + 1 })}
                inputMode="decimal"
                value={option.price_delta}
                onValue={(price_delta) => setOption(index, { price_delta })}
              />
              <SelectField
                label={t('backoffice.option_opens', { number: index + 1 })}
                value={option.opens_group_id}
                onValue={(opens_group_id) => setOption(index, { opens_group_id })}
                options={nestable}
              />
              <button
                type="button"
                className={buttonClass('secondary')}
                aria-label={t('backoffice.remove_option', { number: index + 1 })}
                onClick={() => setDraft({ ...draft, options: draft.options.filter((_, at) => at !== index) })}
              >
                {t('backoffice.remove')}
              </button>
            </div>
          ))}
          {errors.options && <p className="text-sm text-red-800">{errors.options}</p>}
          <button
            type="button"
            className={`${buttonClass('secondary')} self-start`}
            onClick={() =>
              setDraft({
                ...draft,
                options: [...draft.options, { name: '', price_delta: '0', opens_group_id: '' }],
              })
            }
          >
            {t('backoffice.add_option')}
          </button>
        </fieldset>
        {save.error !== null && <ErrorState error={save.error} />}
        {remove.error !== null && <ErrorState error={remove.error} />}
        <EditorActions
          saveLabel={group ? t('backoffice.save') : t('backoffice.create_group')}
          saving={save.isPending}
          cancelLabel={t('backoffice.cancel')}
          onCancel={onDone}
          remove={
            group && {
              label: t('backoffice.delete_group'),
              confirm: t('backoffice.confirm_delete', { name: group.name }),
              pending: remove.isPending,
              onConfirmed: () => remove.mutate(),
            }
          }
        />
      </form>
    </section>
  );
}
