import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { formatMoney } from '../../ui/format.js';
import { LanguageSwitcher, useI18n } from '../../ui/i18n.js';
import { useLiveFeed } from '../../ui/realtime.js';
import { useRestaurant } from '../../ui/restaurant.js';
import {
  LiveIndicator,
  StaffHeader,
  StaffLogin,
  type StaffSession,
  useStaffSession,
} from '../../ui/staff.js';
import { QueryState } from '../../ui/states.js';
import { Floor } from './floor.js';
import { alwaysRefresh, refreshFor } from './live-refresh.js';
import { OrderSearch } from './order-search.js';
import { loadRecentStaff, saveRecentStaff, withRecent } from './recent-staff.js';
import { StaffPicker, SwitchUserSheet } from './switch-user.js';
import { TakeoutOrder } from './takeout-order.js';

const views = ['floor', 'takeout', 'orders'] as const;
type View = (typeof views)[number];

export function PosApp() {
  const { t } = useI18n();
  const session = useStaffSession('pos');
  const user = session.tokens?.user;
  const name = user?.display_name ?? user?.email;
  useEffect(() => {
    if (user?.email && name) saveRecentStaff(withRecent(loadRecentStaff(), { name, email: user.email }));
  }, [user?.email, name]);
  if (session.tokens) return <PosShell session={session} />;
  if (loadRecentStaff().length === 0) return <StaffLogin title={t('pos.title')} session={session} />;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t('pos.title')}</h1>
        <LanguageSwitcher />
      </div>
      <div className="rounded-xl bg-white p-6 shadow">
        <StaffPicker session={session} />
      </div>
    </main>
  );
}

/** The signed-in terminal: who is on it, the live feed, and its three screens. */
function PosShell({ session }: { session: StaffSession }) {
  const { t, locale } = useI18n();
  const [view, setView] = useState<View>('floor');
  const [switching, setSwitching] = useState(false);
  const closeSwitch = useCallback(() => setSwitching(false), []);
  const client = useQueryClient();
  const live = useLiveFeed(session.api.freshToken, ['staff'], alwaysRefresh, (event) => {
    for (const queryKey of refreshFor(event)) void client.invalidateQueries({ queryKey });
  });
  const restaurant = useRestaurant(session);
  return (
    <div className="min-h-screen">
      <StaffHeader title={t('pos.title')} session={session}>
        <LiveIndicator status={live} />
        <button
          type="button"
          onClick={() => setSwitching(true)}
          className="rounded-md border border-stone-500 px-3 text-sm"
        >
          {t('pos.switch_user')}
        </button>
      </StaffHeader>
      <nav
        aria-label={t('pos.sections')}
        className="flex flex-wrap gap-2 border-b border-stone-200 bg-white px-4 py-2"
      >
        {views.map((entry) => (
          <button
            key={entry}
            type="button"
            aria-current={view === entry ? 'page' : undefined}
            onClick={() => setView(entry)}
            className={`rounded-md px-4 font-semibold ${view === entry ? 'bg-stone-900 text-white' : 'text-stone-900 underline'}`}
          >
            {t(`pos.view.${entry}`)}
          </button>
        ))}
      </nav>
      <main>
        <QueryState query={restaurant}>
          {(data) => {
            const money = (minor: number) => formatMoney(minor, data.currency, locale);
            if (view === 'takeout') return <TakeoutOrder session={session} restaurant={data} money={money} />;
            if (view === 'orders') return <OrderSearch session={session} restaurant={data} money={money} />;
            return <Floor session={session} restaurant={data} money={money} />;
          }}
        </QueryState>
      </main>
      {switching && <SwitchUserSheet session={session} onClose={closeSwitch} />}
    </div>
  );
}
