import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass, CheckboxField, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, QueryState } from '../../../ui/states.js';
import {
  Badge,
  cellClass,
  headRowClass,
  inventoryKey,
  Panel,
  rowClass,
  Scroll,
  tableClass,
  useFormats,
} from './parts.js';
import type { Level } from './types.js';

/** Every level with its state marked: negative or short (red), low (amber), lots expiring. */
export function LevelsPanel({
  session,
  restaurant,
  expiring,
  onManage,
  onCreate,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  /** Ingredients with a lot near or past its expiry date. */
  expiring: ReadonlySet<string>;
  onManage: (ingredientId: string) => void;
  onCreate: () => void;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const levels = useQuery({
    queryKey: [...inventoryKey, 'levels'],
    queryFn: () => session.api.get<Level[]>('/inventory/levels'),
    // A safety net for missed live events (the feed refreshes it after orders and movements).
    refetchInterval: 60_000,
  });
  const categories = [
    ...new Set((levels.data ?? []).map((level) => level.category).filter(Boolean)),
  ] as string[];
  const wanted = (level: Level) =>
    (!category || level.category === category) &&
    (!lowOnly || level.low_stock || level.flagged) &&
    level.name.toLowerCase().includes(search.trim().toLowerCase());

  return (
    <Panel
      title={t('inventory.levels')}
      actions={
        <button type="button" className={buttonClass()} onClick={onCreate}>
          {t('inventory.new_ingredient')}
        </button>
      }
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <TextField label={t('common.search')} type="search" value={search} onValue={setSearch} />
        <SelectField
          label={t('inventory.category')}
          value={category}
          onValue={setCategory}
          options={[
            ['', t('inventory.all_categories')],
            ...categories.sort().map((name) => [name, name] as const),
          ]}
        />
        <div className="flex items-end">
          <CheckboxField label={t('inventory.low_only')} checked={lowOnly} onChecked={setLowOnly} />
        </div>
      </div>
      <QueryState query={levels}>
        {(all) => {
          const shown = all.filter(wanted);
          if (all.length === 0) return <Empty>{t('inventory.no_ingredients')}</Empty>;
          if (shown.length === 0) return <Empty>{t('inventory.no_match')}</Empty>;
          return (
            <Scroll label={t('inventory.levels')}>
              <table className={tableClass}>
                <thead>
                  <tr className={headRowClass}>
                    <th scope="col" className={cellClass}>
                      {t('inventory.ingredient')}
                    </th>
                    <th scope="col" className={cellClass}>
                      {t('inventory.on_hand')}
                    </th>
                    <th scope="col" className={cellClass}>
                      {t('inventory.reorder_point')}
                    </th>
                    <th scope="col" className={cellClass}>
                      {t('inventory.value')}
                    </th>
                    <th scope="col" className={cellClass}>
                      {t('inventory.state')}
                    </th>
                    <th scope="col" className={cellClass}>
                      <span className="sr-only">{t('inventory.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((level) => (
                    <tr
                      key={level.ingredient_id}
                      data-ingredient={level.name}
                      className={`${rowClass} ${level.flagged ? 'bg-red-50' : level.low_stock ? 'bg-amber-50' : ''}`}
                    >
                      <td className={cellClass}>
                        <span className="font-medium">{level.name}</span>
                        <span className="block text-sm text-stone-600">
                          {[level.category, level.storage_location].filter(Boolean).join(' · ')}
                        </span>
                      </td>
                      <td className={`${cellClass} whitespace-nowrap font-semibold`} data-level>
                        {format.quantity(level.quantity, level.unit)}
                      </td>
                      <td className={`${cellClass} whitespace-nowrap`}>
                        {format.quantity(level.reorder_point, level.unit)}
                      </td>
                      <td className={`${cellClass} whitespace-nowrap`}>{format.money(level.value)}</td>
                      <td className={cellClass}>
                        <LevelState level={level} expiring={expiring.has(level.ingredient_id)} />
                      </td>
                      <td className={cellClass}>
                        <button
                          type="button"
                          className={buttonClass('secondary')}
                          aria-label={t('inventory.manage', { name: level.name })}
                          onClick={() => onManage(level.ingredient_id)}
                        >
                          {t('inventory.open')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          );
        }}
      </QueryState>
    </Panel>
  );
}

function LevelState({ level, expiring }: { level: Level; expiring: boolean }) {
  const { t } = useI18n();
  return (
    <span className="flex flex-wrap gap-1">
      {level.flagged && (
        <Badge tone="red">{level.quantity < 0 ? t('inventory.negative') : t('inventory.short')}</Badge>
      )}
      {level.low_stock && <Badge tone="amber">{t('inventory.low_stock')}</Badge>}
      {expiring && <Badge tone="amber">{t('inventory.expiring')}</Badge>}
      {!level.flagged && !level.low_stock && !expiring && <Badge tone="green">{t('inventory.ok')}</Badge>}
    </span>
  );
}
