import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, Loading } from '../../../ui/states.js';
import { AreasPanel } from './areas-panel.js';
import {
  type Area,
  type FloorTable,
  floorKeys,
  type TableStatus,
  tableStatuses,
  useAreas,
  useFloorLive,
  useTables,
} from './floor-data.js';
import { TableEditor } from './table-editor.js';
import { TableQrPanel, usePrintQrSheet } from './table-qr.js';

type Open = { kind: 'edit'; table: FloorTable | null } | { kind: 'qr'; table: FloorTable } | null;

/** The floor section: areas, tables (with their status) and their QR codes. */
export function FloorSection({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const areas = useAreas(session);
  const tables = useTables(session);
  useFloorLive(session);
  const [open, setOpen] = useState<Open>(null);
  const printSheet = usePrintQrSheet(session);
  const failed = areas.error ?? tables.error;
  if (failed)
    return (
      <ErrorState
        error={failed}
        onRetry={() => {
          void areas.refetch();
          void tables.refetch();
        }}
      />
    );
  if (!areas.data || !tables.data) return <Loading />;
  const close = () => setOpen(null);
  return (
    <div className="flex flex-col gap-4">
      {open?.kind === 'edit' && (
        <TableEditor
          key={open.table?.id ?? 'new'}
          session={session}
          table={open.table}
          areas={areas.data}
          onDone={close}
        />
      )}
      {open?.kind === 'qr' && (
        <TableQrPanel key={open.table.id} session={session} table={open.table} onClose={close} />
      )}
      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <AreasPanel session={session} areas={areas.data} />
        <section
          aria-labelledby="tables-title"
          className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow"
        >
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="tables-title" className="mr-auto text-xl font-semibold">
              {t('backoffice.tables')}
            </h2>
            <button type="button" className={buttonClass('secondary')} onClick={() => printSheet.mutate()}>
              {t('backoffice.print_qr_sheet')}
            </button>
            <button
              type="button"
              className={buttonClass()}
              onClick={() => setOpen({ kind: 'edit', table: null })}
            >
              {t('backoffice.new_table')}
            </button>
          </div>
          {printSheet.error !== null && <ErrorState error={printSheet.error} />}
          {tables.data.length === 0 ? (
            <Empty>{t('backoffice.no_tables')}</Empty>
          ) : (
            <TablesList session={session} tables={tables.data} areas={areas.data} onOpen={setOpen} />
          )}
        </section>
      </div>
    </div>
  );
}

function TablesList({
  session,
  tables,
  areas,
  onOpen,
}: {
  session: StaffSession;
  tables: FloorTable[];
  areas: Area[];
  onOpen: (open: Open) => void;
}) {
  const { t } = useI18n();
  const areaName = (id: string | null) => areas.find((area) => area.id === id)?.name ?? '—';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left">
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-2">
              {t('backoffice.table')}
            </th>
            <th scope="col">{t('backoffice.seats')}</th>
            <th scope="col">{t('backoffice.area')}</th>
            <th scope="col">{t('backoffice.status')}</th>
            <th scope="col">
              <span className="sr-only">{t('backoffice.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tables.map((table) => (
            <tr key={table.id} className="border-b border-stone-100">
              <td className="py-1 font-medium">{table.number}</td>
              <td>{table.capacity}</td>
              <td>{areaName(table.area_id)}</td>
              <td>
                <TableStatusSelect session={session} table={table} />
              </td>
              <td>
                <div className="flex flex-wrap justify-end gap-2 py-1">
                  <button
                    type="button"
                    className={buttonClass('secondary')}
                    onClick={() => onOpen({ kind: 'qr', table })}
                    aria-label={t('backoffice.show_qr', { number: table.number })}
                  >
                    {t('backoffice.qr')}
                  </button>
                  <button
                    type="button"
                    className={buttonClass('secondary')}
                    onClick={() => onOpen({ kind: 'edit', table })}
                    aria-label={t('backoffice.edit_table', { number: table.number })}
                  >
                    {t('backoffice.edit')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The table's status; the server refuses transitions the floor does not allow (shown in words). */
function TableStatusSelect({ session, table }: { session: StaffSession; table: FloorTable }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (status: TableStatus) => session.api.post(`/tables/${table.id}/status`, { status }),
    onSettled: () => client.invalidateQueries({ queryKey: floorKeys.tables }),
  });
  return (
    <div className="flex flex-col gap-1">
      <select
        aria-label={t('backoffice.status_of', { number: table.number })}
        value={table.status}
        disabled={change.isPending}
        onChange={(event) => change.mutate(event.target.value as TableStatus)}
        className="rounded-md border border-stone-400 bg-white px-3"
      >
        {tableStatuses.map((status) => (
          <option key={status} value={status}>
            {t(`backoffice.status_${status}`)}
          </option>
        ))}
      </select>
      {change.error !== null && <ErrorState error={change.error} />}
    </div>
  );
}
