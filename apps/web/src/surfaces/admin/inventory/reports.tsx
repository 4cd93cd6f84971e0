import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, TextField } from '../../../ui/form.js';
import { type MessageKey, useI18n } from '../../../ui/i18n.js';
import { businessDate, type Restaurant } from '../../../ui/restaurant.js';
import { Empty, QueryState } from '../../../ui/states.js';
import type { SectionProps } from '../section.js';
import { cellClass, DataTable, inventoryKey, Panel, rowClass, useFormats, VarianceRow } from './parts.js';
import { daysBefore, periodOf } from './period.js';
import { formatPercent } from './quantities.js';
import type { VarianceReport } from './types.js';

const itemColumns: MessageKey[] = [
  'inventory.menu_item',
  'inventory.sold',
  'inventory.revenue',
  'inventory.recipe_cost',
  'inventory.food_cost_pct',
];
const ingredientColumns: MessageKey[] = [
  'inventory.ingredient',
  'inventory.theoretical',
  'inventory.actual',
  'inventory.variance',
  'inventory.variance_value',
];

/** The "Reports" section: theoretical vs actual usage per ingredient and food cost % per item, for whole days. */
export function ReportsScreen({ session, restaurant }: SectionProps) {
  const { t } = useI18n();
  const today = businessDate(restaurant.timezone);
  const [fromDate, setFromDate] = useState(daysBefore(today, 6));
  const [toDate, setToDate] = useState(today);
  const [period, setPeriod] = useState({ from: daysBefore(today, 6), to: today });
  const [invalid, setInvalid] = useState<string | null>(null);
  const range = periodOf(period.from, period.to, restaurant.timezone);
  const report = useQuery({
    queryKey: [...inventoryKey, 'variance', range.from, range.to],
    queryFn: () =>
      session.api.get<VarianceReport>(
        `/inventory/reports/variance?${new URLSearchParams({ from: range.from, to: range.to })}`,
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = /^\d{4}-\d{2}-\d{2}$/;
    if (!valid.test(fromDate) || !valid.test(toDate)) return setInvalid(t('inventory.dates_invalid'));
    if (fromDate > toDate) return setInvalid(t('inventory.range_invalid'));
    setInvalid(null);
    setPeriod({ from: fromDate, to: toDate });
  };
  return (
    <div className="flex flex-col gap-4">
      <Panel title={t('inventory.variance_report')}>
        <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
          <TextField
            label={t('inventory.from')}
            type="date"
            value={fromDate}
            onValue={setFromDate}
            error={invalid}
          />
          <TextField label={t('inventory.to')} type="date" value={toDate} onValue={setToDate} />
          <button type="submit" className={buttonClass()}>
            {t('inventory.show_report')}
          </button>
        </form>
      </Panel>
      <QueryState query={report}>
        {(data) => <ReportTables report={data} restaurant={restaurant} />}
      </QueryState>
    </div>
  );
}

function ReportTables({ report, restaurant }: { report: VarianceReport; restaurant: Restaurant }) {
  const { t, locale } = useI18n();
  const format = useFormats(restaurant);
  const { totals } = report;
  const figures: [string, string][] = [
    [t('inventory.revenue'), format.money(totals.revenue)],
    [t('inventory.theoretical_cost'), format.money(totals.theoretical_cost)],
    [t('inventory.actual_cost'), format.money(totals.actual_cost)],
    [t('inventory.food_cost_pct'), formatPercent(totals.food_cost_pct, locale)],
    [t('inventory.actual_food_cost_pct'), formatPercent(totals.actual_food_cost_pct, locale)],
  ];
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-xl bg-white p-3 shadow">
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="text-xl font-bold">{value}</dd>
          </div>
        ))}
      </dl>
      <Panel title={t('inventory.food_cost_by_item')}>
        {report.items.length === 0 ? (
          <Empty>{t('inventory.no_sales')}</Empty>
        ) : (
          <DataTable label={t('inventory.food_cost_by_item')} columns={itemColumns.map((key) => t(key))}>
            {report.items.map((item) => (
              <tr key={item.menu_item_id} className={rowClass}>
                <td className={`${cellClass} font-medium`}>{item.name}</td>
                <td className={cellClass}>{item.quantity}</td>
                <td className={cellClass}>{format.money(item.revenue)}</td>
                <td className={cellClass}>{format.money(item.cost)}</td>
                <td className={cellClass}>{formatPercent(item.food_cost_pct, locale)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Panel>
      <Panel title={t('inventory.usage_by_ingredient')}>
        {report.ingredients.length === 0 ? (
          <Empty>{t('inventory.no_usage')}</Empty>
        ) : (
          <DataTable
            label={t('inventory.usage_by_ingredient')}
            columns={ingredientColumns.map((key) => t(key))}
          >
            {report.ingredients.map((row) => (
              <VarianceRow
                key={row.ingredient_id}
                name={row.name}
                expected={row.theoretical}
                actual={row.actual}
                variance={row.variance}
                value={row.variance_value}
                unit={row.unit}
                tone={row.variance > 0 ? 'bg-amber-50' : ''}
                format={format}
              />
            ))}
          </DataTable>
        )}
      </Panel>
    </>
  );
}
