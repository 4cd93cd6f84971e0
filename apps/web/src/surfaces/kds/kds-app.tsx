import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../ui/i18n.js';
import { useLiveFeed } from '../../ui/realtime.js';
import { LiveIndicator, StaffApp, StaffHeader, type StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import { Board } from './board.js';
import { Expo } from './expo.js';
import { enableSound } from './sound.js';
import type { Page, StationSummary } from './types.js';

/** `all`, `expo` or a station name, kept in the address so a screen reopens where it was. */
function readView() {
  return new URLSearchParams(location.search).get('station');
}

export function KdsApp() {
  return (
    <StaffApp surface="kds" title="kds.title">
      {(session) => <KdsScreen session={session} />}
    </StaffApp>
  );
}

function KdsScreen({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const [view, setViewState] = useState<string | null>(readView);
  const [sound, setSound] = useState(false);
  const setView = (next: string | null) => {
    // A click is the gesture browsers need before they play sound.
    setSound(enableSound());
    const url = new URL(location.href);
    if (next) url.searchParams.set('station', next);
    else url.searchParams.delete('station');
    history.pushState(null, '', url);
    setViewState(next);
  };
  const channel = view && view !== 'all' && view !== 'expo' ? `kitchen:${view}` : 'staff';
  const live = useLiveFeed(session.api.freshToken, [channel], [['kds']]);

  return (
    <div className="flex min-h-screen flex-col bg-stone-100">
      <StaffHeader
        title={
          view
            ? `${t('kds.title')} · ${view === 'all' ? t('kds.all_stations') : view === 'expo' ? t('kds.expo') : view}`
            : t('kds.title')
        }
        session={session}
      >
        <LiveIndicator status={live} />
        <button
          type="button"
          aria-pressed={sound}
          onClick={() => setSound(enableSound())}
          className="rounded-md border border-stone-500 px-3 text-sm"
        >
          {sound ? t('kds.sound_is_on') : t('kds.sound_on')}
        </button>
        {view && (
          <button
            type="button"
            onClick={() => setView(null)}
            className="rounded-md bg-stone-700 px-3 text-sm"
          >
            {t('kds.change_station')}
          </button>
        )}
      </StaffHeader>
      {!view && <StationPicker session={session} onPick={setView} />}
      {view === 'expo' && <Expo session={session} />}
      {view && view !== 'expo' && <Board session={session} station={view === 'all' ? null : view} />}
    </div>
  );
}

function StationPicker({ session, onPick }: { session: StaffSession; onPick: (view: string) => void }) {
  const { t } = useI18n();
  const stations = useQuery({
    queryKey: ['kds', 'stations'],
    queryFn: () => session.api.get<Page<StationSummary>>('/kds/stations'),
  });
  const button =
    'flex min-h-24 flex-col items-start justify-center rounded-xl bg-white p-4 text-left shadow hover:ring-2 hover:ring-amber-700';
  return (
    <main className="mx-auto w-full max-w-4xl p-6">
      <h2 className="mb-4 text-2xl font-semibold">{t('kds.choose_station')}</h2>
      <QueryState query={stations}>
        {(page) => (
          <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
            {page.data.length === 0 && <Empty>{t('kds.no_tickets')}</Empty>}
            {page.data.map((station) => (
              <button
                key={station.station}
                type="button"
                className={button}
                onClick={() => onPick(station.station)}
              >
                <span className="text-xl font-bold capitalize">{station.station}</span>
                <span className="text-sm text-stone-700">
                  {t('kds.station_summary', {
                    fired: station.fired,
                    started: station.started,
                    late: station.late,
                  })}
                </span>
              </button>
            ))}
            <button type="button" className={button} onClick={() => onPick('all')}>
              <span className="text-xl font-bold">{t('kds.all_stations')}</span>
            </button>
            <button type="button" className={button} onClick={() => onPick('expo')}>
              <span className="text-xl font-bold">{t('kds.expo')}</span>
            </button>
          </div>
        )}
      </QueryState>
    </main>
  );
}
