import { buttonClass } from '../../../ui/form.js';
import { formatMoney } from '../../../ui/format.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty } from '../../../ui/states.js';
import { AvailabilitySwitch, optionAvailabilityPath } from '../menu-availability.js';
import type { ModifierGroup } from './menu-data.js';

/** Modifier groups with their options' prices and 86 switches. */
export function ModifierGroupsPanel({
  session,
  currency,
  groups,
  onEdit,
  onCreate,
}: {
  session: StaffSession;
  currency: string;
  groups: ModifierGroup[];
  onEdit: (group: ModifierGroup) => void;
  onCreate: () => void;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="groups-title" className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="groups-title" className="text-xl font-semibold">
          {t('backoffice.modifier_groups')}
        </h2>
        <button type="button" className={buttonClass()} onClick={onCreate}>
          {t('backoffice.new_group')}
        </button>
      </div>
      {groups.length === 0 && <Empty>{t('backoffice.no_groups')}</Empty>}
      <div className="grid gap-4 md:grid-cols-2">
        {groups.map((group) => (
          <article
            key={group.id}
            aria-labelledby={`group-${group.id}`}
            className="rounded-lg border border-stone-200 p-3"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 id={`group-${group.id}`} className="font-semibold">
                {group.name}
              </h3>
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => onEdit(group)}
                aria-label={t('backoffice.edit_group', { name: group.name })}
              >
                {t('backoffice.edit')}
              </button>
            </div>
            <p className="text-sm text-stone-600">
              {t('backoffice.selection_rule', { min: group.min_select, max: group.max_select })}
              {group.is_required && ` · ${t('backoffice.required')}`}
            </p>
            <ul className="mt-2 flex flex-col gap-2">
              {group.options.map((option) => (
                <li key={option.id} className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    {option.name}
                    {option.price_delta > 0 && ` +${formatMoney(option.price_delta, currency, locale)}`}
                  </span>
                  <AvailabilitySwitch
                    session={session}
                    name={option.name}
                    available={option.is_available}
                    path={optionAvailabilityPath(option.id)}
                  />
                </li>
              ))}
            </ul>
          </article>
        ))}
      </div>
    </section>
  );
}
