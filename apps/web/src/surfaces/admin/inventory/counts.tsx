import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, TextField } from '../../../ui/form.js';
import { type MessageKey, useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../../ui/states.js';
import type { SectionProps } from '../section.js';
import {
  Badge,
  DataTable,
  formErrors,
  inventoryKey,
  Panel,
  unitLabel,
  useFormats,
  useIngredients,
  useInventoryWrite,
  VarianceRow,
} from './parts.js';
import { parseNumber } from './quantities.js';
import type { Ingredient, Page, StockCount } from './types.js';

/** The "Counts" section: start a count, enter what is on the shelves, see the variance, post it. */
export function CountsScreen({ session, restaurant }: SectionProps) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const [note, setNote] = useState('');
  const counts = useQuery({
    queryKey: [...inventoryKey, 'counts'],
    queryFn: () => session.api.get<Page<StockCount>>('/inventory/counts?limit=20'),
  });
  const start = useInventoryWrite((body: { note: string | null }) =>
    session.api.post<StockCount>('/inventory/counts', body),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ note: note.trim() || null }, { onSuccess: () => setNote('') });
  };
  return (
    <div className="flex flex-col gap-4">
      <Panel title={t('inventory.start_count')}>
        <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 grow">
            <TextField label={t('inventory.count_note')} value={note} onValue={setNote} maxLength={500} />
          </div>
          <button type="submit" className={buttonClass()} disabled={start.isPending}>
            {t('inventory.start_count')}
          </button>
        </form>
        {start.error && <ErrorState error={start.error} />}
      </Panel>
      <QueryState query={counts}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('inventory.no_counts')}</Empty>
          ) : (
            <div className="flex flex-col gap-4">
              {page.data.map((count) =>
                count.status === 'open' ? (
                  <OpenCount key={count.id} session={session} restaurant={restaurant} count={count} />
                ) : (
                  <Panel
                    key={count.id}
                    title={t('inventory.count_title', { date: format.dateTime(count.created_at) })}
                  >
                    {count.note && <p className="text-stone-700">{count.note}</p>}
                    <p>
                      <Badge tone="stone">{t('inventory.posted')}</Badge>{' '}
                      {t('inventory.count_variance', { value: format.money(count.variance_value) })}
                    </p>
                    <CountTable count={count} restaurant={restaurant} />
                  </Panel>
                ),
              )}
            </div>
          )
        }
      </QueryState>
    </div>
  );
}

/** An open count: one field per ingredient (blank = not counted), saved, then posted as adjustments. */
function OpenCount({
  session,
  restaurant,
  count,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  count: StockCount;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const ingredients = useIngredients(session);
  const [entered, setEntered] = useState<Record<string, string>>(() =>
    Object.fromEntries(count.lines.map((line) => [line.ingredient_id, String(line.counted)])),
  );
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const save = useInventoryWrite((lines: { ingredient_id: string; counted: number }[]) =>
    session.api.put<StockCount>(`/inventory/counts/${count.id}/lines`, { lines }),
  );
  const post = useInventoryWrite(() => session.api.post<StockCount>(`/inventory/counts/${count.id}/post`));
  const error = formErrors(invalid, save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const lines: { ingredient_id: string; counted: number }[] = [];
    for (const [ingredientId, text] of Object.entries(entered)) {
      if (!text.trim()) continue;
      const counted = parseNumber(text);
      if (counted === null || counted < 0) found[ingredientId] = t('inventory.quantity_invalid');
      else lines.push({ ingredient_id: ingredientId, counted });
    }
    if (lines.length === 0 && Object.keys(found).length === 0) found.lines = t('inventory.count_something');
    setInvalid(found);
    if (Object.keys(found).length === 0) save.mutate(lines);
  };
  const shelves = (ingredients.data ?? []).filter((ingredient) => !ingredient.archived);

  return (
    <Panel title={t('inventory.count_title', { date: format.dateTime(count.created_at) })}>
      {count.note && <p className="text-stone-700">{count.note}</p>}
      <p>
        <Badge tone="amber">{t('inventory.open_count')}</Badge>{' '}
        {count.lines.length > 0 &&
          t('inventory.count_variance', { value: format.money(count.variance_value) })}
      </p>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          {shelves.map((ingredient: Ingredient) => (
            <TextField
              key={ingredient.id}
              label={t('inventory.counted_of', {
                name: ingredient.name,
                unit: unitLabel(t, ingredient.unit),
              })}
              hint={t('inventory.on_books', {
                quantity: format.quantity(ingredient.quantity, ingredient.unit),
              })}
              inputMode="decimal"
              value={entered[ingredient.id] ?? ''}
              onValue={(value) => setEntered((current) => ({ ...current, [ingredient.id]: value }))}
              error={error(ingredient.id)}
            />
          ))}
        </div>
        {error('lines') && (
          <p role="alert" className="text-sm text-red-800">
            {error('lines')}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass('secondary')} disabled={save.isPending}>
            {t('inventory.save_count')}
          </button>
          <button
            type="button"
            className={buttonClass()}
            disabled={post.isPending || count.lines.length === 0}
            onClick={() => post.mutate(undefined)}
          >
            {t('inventory.post_count')}
          </button>
        </div>
        {save.error && <ErrorState error={save.error} />}
        {post.error && <ErrorState error={post.error} />}
      </form>
      {count.lines.length > 0 && <CountTable count={count} restaurant={restaurant} />}
    </Panel>
  );
}

const countColumns: MessageKey[] = [
  'inventory.ingredient',
  'inventory.expected',
  'inventory.counted',
  'inventory.variance',
  'inventory.value',
];

function CountTable({ count, restaurant }: { count: StockCount; restaurant: Restaurant }) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  return (
    <DataTable label={t('inventory.variance')} columns={countColumns.map((key) => t(key))}>
      {count.lines.map((line) => (
        <VarianceRow
          key={line.ingredient_id}
          name={line.ingredient_name}
          expected={line.expected}
          actual={line.counted}
          variance={line.variance}
          value={line.variance_value}
          unit={line.unit}
          tone={line.variance < 0 ? 'bg-red-50' : ''}
          format={format}
        />
      ))}
    </DataTable>
  );
}
