import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../ui/i18n.js';
import type { Restaurant } from '../../ui/restaurant.js';
import { StaffApp, StaffHeader, type StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import { CreateRestaurant } from './create-restaurant.js';

export function PlatformApp() {
  return (
    <StaffApp surface="platform" title="platform.title">
      {(session) => <Restaurants session={session} />}
    </StaffApp>
  );
}

function Restaurants({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const restaurants = useQuery({
    queryKey: ['restaurants'],
    queryFn: () => session.api.get<{ data: Restaurant[] }>('/restaurants?limit=200'),
  });
  return (
    <div className="min-h-screen">
      <StaffHeader title={t('platform.title')} session={session} />
      <main className="p-4">
        <CreateRestaurant session={session} />
        <h2 className="mb-3 text-xl font-semibold">{t('platform.restaurants')}</h2>
        <QueryState query={restaurants}>
          {(page) =>
            page.data.length === 0 ? (
              <Empty>{t('platform.none')}</Empty>
            ) : (
              <table className="w-full rounded-xl bg-white text-left shadow">
                <thead>
                  <tr className="border-b border-stone-300">
                    {(
                      [
                        'platform.name',
                        'platform.slug',
                        'platform.currency',
                        'platform.timezone',
                        'platform.state',
                      ] as const
                    ).map((key) => (
                      <th key={key} scope="col" className="p-2">
                        {t(key)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((restaurant) => (
                    <tr key={restaurant.id} className="border-b border-stone-100">
                      <td className="p-2 font-medium">{restaurant.name}</td>
                      <td className="p-2">{restaurant.slug}</td>
                      <td className="p-2">{restaurant.currency}</td>
                      <td className="p-2">{restaurant.timezone}</td>
                      <td className="p-2">
                        {restaurant.is_active ? t('platform.active') : t('platform.inactive')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </main>
    </div>
  );
}
