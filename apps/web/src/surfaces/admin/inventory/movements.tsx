import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass, SelectField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, Loading } from '../../../ui/states.js';
import {
  Badge,
  cellClass,
  headRowClass,
  inventoryKey,
  rowClass,
  Scroll,
  tableClass,
  useFormats,
  useIngredients,
} from './parts.js';
import { type Page, type StockTransaction, transactionTypes } from './types.js';

/** Stock movements, newest first, of one ingredient or all, with a type filter and "show more" paging. */
export function MovementsList({
  session,
  restaurant,
  ingredientId,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  ingredientId?: string;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const ingredients = useIngredients(session);
  const [type, setType] = useState('');
  const movements = useInfiniteQuery({
    queryKey: [...inventoryKey, 'transactions', ingredientId ?? 'all', type],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: '20' });
      if (ingredientId) query.set('ingredient_id', ingredientId);
      if (type) query.set('type', type);
      if (pageParam) query.set('cursor', pageParam);
      return session.api.get<Page<StockTransaction>>(`/inventory/transactions?${query}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const nameOf = (id: string) => ingredients.data?.find((ingredient) => ingredient.id === id)?.name ?? '…';
  const rows = movements.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <div className="flex flex-col gap-3">
      <div className="max-w-xs">
        <SelectField
          label={t('inventory.movement_type')}
          value={type}
          onValue={setType}
          options={[
            ['', t('inventory.all_types')],
            ...transactionTypes.map((key) => [key, t(`inventory.type.${key}`)] as const),
          ]}
        />
      </div>
      {movements.isPending && <Loading />}
      {movements.error && <ErrorState error={movements.error} onRetry={() => movements.refetch()} />}
      {movements.isSuccess && rows.length === 0 && <Empty>{t('inventory.no_movements')}</Empty>}
      {rows.length > 0 && (
        <Scroll label={t('inventory.movements')}>
          <table className={tableClass}>
            <thead>
              <tr className={headRowClass}>
                <th scope="col" className={cellClass}>
                  {t('inventory.when')}
                </th>
                {!ingredientId && (
                  <th scope="col" className={cellClass}>
                    {t('inventory.ingredient')}
                  </th>
                )}
                <th scope="col" className={cellClass}>
                  {t('inventory.movement_type')}
                </th>
                <th scope="col" className={cellClass}>
                  {t('inventory.quantity')}
                </th>
                <th scope="col" className={cellClass}>
                  {t('inventory.value')}
                </th>
                <th scope="col" className={cellClass}>
                  {t('inventory.details')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={rowClass} data-movement={row.type}>
                  <td className={`${cellClass} whitespace-nowrap`}>{format.dateTime(row.created_at)}</td>
                  {!ingredientId && <td className={cellClass}>{nameOf(row.ingredient_id)}</td>}
                  <td className={cellClass}>
                    <Badge tone={row.quantity < 0 ? 'stone' : 'green'}>
                      {t(`inventory.type.${row.type}`)}
                    </Badge>
                  </td>
                  <td className={`${cellClass} whitespace-nowrap`}>
                    {format.quantity(row.quantity, row.unit)}
                  </td>
                  <td className={`${cellClass} whitespace-nowrap`}>{format.money(row.value)}</td>
                  <td className={cellClass}>
                    {[
                      row.reason,
                      row.note,
                      row.shortage > 0 &&
                        t('inventory.shortage', { quantity: format.quantity(row.shortage, row.unit) }),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {movements.hasNextPage && (
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={movements.isFetchingNextPage}
          onClick={() => movements.fetchNextPage()}
        >
          {movements.isFetchingNextPage ? t('common.loading') : t('inventory.show_more')}
        </button>
      )}
    </div>
  );
}
