import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatMoney } from '../../ui/format.js';
import { useI18n } from '../../ui/i18n.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';
import type { SectionProps } from './sections.js';

interface MenuItemRow {
  id: string;
  name: string;
  price: number;
  is_available: boolean;
}

/** 86 board: sold out / available per item, effective at once on the guest menu. */
export function MenuAvailability({ session, restaurant }: SectionProps) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const items = useQuery({
    queryKey: ['menu', 'items'],
    queryFn: () => session.api.get<{ data: MenuItemRow[] }>('/menu/items?limit=200'),
  });
  const toggle = useMutation({
    mutationFn: (item: MenuItemRow) =>
      session.api.post(`/menu/items/${item.id}/availability`, { available: !item.is_available }),
    onSettled: () => client.invalidateQueries({ queryKey: ['menu', 'items'] }),
  });
  return (
    <section className="rounded-xl bg-white p-4 shadow">
      {toggle.error && <ErrorState error={toggle.error} />}
      <QueryState query={items}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('admin.no_items')}</Empty>
          ) : (
            <table className="w-full text-left">
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-2">
                    {t('admin.item')}
                  </th>
                  <th scope="col">{t('admin.price')}</th>
                  <th scope="col">{t('admin.availability')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((item) => (
                  <tr key={item.id} className="border-b border-stone-100">
                    <td className="py-1 font-medium">{item.name}</td>
                    <td>{formatMoney(item.price, restaurant.currency, locale)}</td>
                    <td>
                      <button
                        type="button"
                        role="switch"
                        aria-checked={item.is_available}
                        aria-label={
                          item.is_available
                            ? t('admin.mark_sold_out', { name: item.name })
                            : t('admin.mark_available', { name: item.name })
                        }
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(item)}
                        className={`min-w-40 rounded-full px-4 font-semibold ${item.is_available ? 'bg-green-100 text-green-900' : 'bg-red-100 text-red-900'}`}
                      >
                        {item.is_available ? t('admin.available') : t('admin.sold_out')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}
