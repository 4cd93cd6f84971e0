import { useQuery } from '@tanstack/react-query';
import { formatDateTime, formatMoney } from '../../../ui/format.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, QueryState } from '../../../ui/states.js';
import { fetchAll } from './fetch-helpers.js';
import { type MenuItem, menuKeys, type PriceChange } from './menu-data.js';

/** Every price the item and its variants had, newest first. */
export function PriceHistory({
  session,
  item,
  currency,
  timeZone,
}: {
  session: StaffSession;
  item: MenuItem;
  currency: string;
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  const history = useQuery({
    queryKey: menuKeys.priceHistory(item.id),
    queryFn: () => fetchAll<PriceChange>(session, `/menu/items/${item.id}/price-history`),
  });
  const variantName = (id: string | null) =>
    id === null
      ? t('backoffice.base_price')
      : (item.variants.find((variant) => variant.id === id)?.name ?? t('backoffice.removed_variant'));
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency, locale));
  return (
    <section aria-labelledby="price-history-title" className="flex flex-col gap-2">
      <h3 id="price-history-title" className="text-lg font-semibold">
        {t('backoffice.price_history')}
      </h3>
      <QueryState query={history}>
        {(changes) =>
          changes.length === 0 ? (
            <Empty>{t('backoffice.no_price_changes')}</Empty>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-stone-300">
                    <th scope="col" className="py-2">
                      {t('backoffice.when')}
                    </th>
                    <th scope="col">{t('backoffice.what')}</th>
                    <th scope="col">{t('backoffice.old_price')}</th>
                    <th scope="col">{t('backoffice.new_price')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((change) => (
                    <tr key={change.id} className="border-b border-stone-100">
                      <td className="py-1">{formatDateTime(change.changed_at, timeZone, locale)}</td>
                      <td>{variantName(change.variant_id)}</td>
                      <td>{money(change.old_price)}</td>
                      <td>{money(change.new_price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
