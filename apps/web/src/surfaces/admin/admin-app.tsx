import { useEffect, useState } from 'react';
import { useI18n } from '../../ui/i18n.js';
import { useRestaurant } from '../../ui/restaurant.js';
import { StaffApp, StaffHeader, type StaffSession } from '../../ui/staff.js';
import { QueryState } from '../../ui/states.js';
import type { Section } from './section.js';
import { sectionFor, sections } from './sections.js';

export function AdminApp() {
  return (
    <StaffApp surface="admin" title="admin.title">
      {(session) => <AdminScreen session={session} />}
    </StaffApp>
  );
}

function AdminScreen({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const restaurant = useRestaurant(session);
  const [current, setCurrent] = useState<Section>(() => sectionFor(location.pathname));
  useEffect(() => {
    const back = () => setCurrent(sectionFor(location.pathname));
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);
  const go = (next: Section) => {
    history.pushState(null, '', next.path ? `/admin/${next.path}` : '/admin');
    setCurrent(next);
  };
  const tabClass = (active: boolean) =>
    `min-h-11 rounded-md px-4 font-medium ${active ? 'bg-amber-800 text-white' : 'bg-white text-stone-900 shadow'}`;
  const { Screen } = current;
  return (
    <div className="min-h-screen">
      <StaffHeader
        title={`${t('admin.title')}${restaurant.data ? ` · ${restaurant.data.name}` : ''}`}
        session={session}
      />
      <nav aria-label={t('admin.title')} className="flex flex-wrap gap-2 p-4">
        {sections.map((section) => (
          <button
            key={section.path}
            type="button"
            aria-current={section === current ? 'page' : undefined}
            className={tabClass(section === current)}
            onClick={() => go(section)}
          >
            {t(section.label)}
          </button>
        ))}
      </nav>
      <main className="px-4 pb-8">
        <QueryState query={restaurant}>{(data) => <Screen session={session} restaurant={data} />}</QueryState>
      </main>
    </div>
  );
}
