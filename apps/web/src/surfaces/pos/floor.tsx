import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import { BillRequests } from './bill-requests.js';
import { TablePanel } from './table-panel.js';
import type { FloorTable } from './types.js';

interface Area {
  id: string;
  name: string;
}

const tone: Record<FloorTable['status'], string> = {
  available: 'border-green-700 bg-green-50',
  occupied: 'border-amber-700 bg-amber-50',
  reserved: 'border-blue-700 bg-blue-50',
  cleaning: 'border-stone-500 bg-stone-200',
};

/** The floor plan with live table statuses, and the chosen table beside it. */
export function Floor({
  session,
  restaurant,
  money,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  money: (minor: number) => string;
}) {
  const { t } = useI18n();
  const tables = useQuery({
    queryKey: ['floor', 'tables'],
    queryFn: () => session.api.get<{ data: FloorTable[] }>('/tables?limit=200'),
  });
  const areas = useQuery({
    queryKey: ['floor', 'areas'],
    queryFn: () => session.api.get<{ data: Area[] }>('/floor/areas'),
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = tables.data?.data.find((table) => table.id === selectedId) ?? null;
  const areaList = areas.data?.data ?? [];
  return (
    <div className="flex flex-col gap-4 p-4 lg:flex-row">
      <section aria-labelledby="floor-heading" className="flex flex-1 flex-col gap-4">
        <BillRequests session={session} restaurant={restaurant} />
        <h2 id="floor-heading" className="text-xl font-semibold">
          {t('pos.floor')}
        </h2>
        <QueryState query={tables}>
          {(page) => {
            if (page.data.length === 0) return <Empty>{t('pos.no_tables')}</Empty>;
            const groups = [...areaList, { id: '', name: '—' }]
              .map((area) => ({
                area,
                tables: page.data.filter((table) => (table.area_id ?? '') === area.id),
              }))
              .filter((group) => group.tables.length > 0);
            return groups.map(({ area, tables: inArea }) => (
              <section key={area.id || 'none'} aria-label={area.name} className="mb-6">
                <h3 className="mb-2 font-semibold">{area.name}</h3>
                <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-3 xl:grid-cols-5">
                  {inArea.map((table) => (
                    <li key={table.id}>
                      <button
                        type="button"
                        aria-pressed={table.id === selectedId}
                        data-table={table.number}
                        data-status={table.status}
                        onClick={() => setSelectedId(table.id)}
                        className={`flex min-h-24 w-full flex-col justify-center border-4 p-3 ${tone[table.status]} ${table.position?.shape === 'round' ? 'rounded-full text-center' : 'rounded-xl text-left'} ${table.id === selectedId ? 'ring-4 ring-blue-700' : ''}`}
                      >
                        <span className="text-xl font-bold">{table.number}</span>
                        <span className="text-sm">{t(`pos.table_status.${table.status}` as MessageKey)}</span>
                        <span className="text-xs text-stone-700">
                          {t('pos.seats', { count: table.capacity })}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ));
          }}
        </QueryState>
      </section>
      {selected && (
        <TablePanel
          key={selected.id}
          session={session}
          table={selected}
          restaurant={restaurant}
          money={money}
        />
      )}
    </div>
  );
}
