import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buttonClass } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState, QueryState } from '../../../ui/states.js';
import { objectUrl, svgDataUrl } from '../menu/fetch-helpers.js';
import { useFocusOnOpen } from '../menu/focus-on-open.js';
import { type FloorTable, floorKeys, type TableQr } from './floor-data.js';

/** One table's QR code: the image, the guest address it encodes, and rotation (which shows the new code). */
export function TableQrPanel({
  session,
  table,
  onClose,
}: {
  session: StaffSession;
  table: FloorTable;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const client = useQueryClient();
  const qr = useQuery({
    queryKey: floorKeys.qr(table.id),
    queryFn: () => session.api.get<TableQr>(`/tables/${table.id}/qr?format=json`),
  });
  const version = qr.data?.qr_version;
  const image = useQuery({
    queryKey: [...floorKeys.qr(table.id), 'svg', version],
    queryFn: () => svgDataUrl(session.api, `/tables/${table.id}/qr?format=svg`),
    enabled: version !== undefined,
  });
  const rotate = useMutation({
    mutationFn: () => session.api.post<TableQr>(`/tables/${table.id}/qr/rotate`),
    onSuccess: (next) => {
      client.setQueryData(floorKeys.qr(table.id), next);
      return client.invalidateQueries({ queryKey: floorKeys.tables });
    },
  });
  return (
    <section aria-labelledby="table-qr-title" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 ref={heading} tabIndex={-1} id="table-qr-title" className="outline-none text-xl font-semibold">
          {t('backoffice.qr_for', { number: table.number })}
        </h2>
        <button type="button" className={buttonClass('secondary')} onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <QueryState query={qr}>
        {(code) => (
          <div className="flex flex-wrap items-start gap-4">
            {image.data ? (
              <img
                src={image.data}
                alt={t('backoffice.qr_alt', { number: table.number })}
                className="h-48 w-48 border border-stone-200"
              />
            ) : image.error ? (
              <ErrorState error={image.error} />
            ) : null}
            <div className="flex min-w-0 flex-col gap-2">
              <p className="text-sm text-stone-600">{t('backoffice.qr_address')}</p>
              <a
                href={code.url}
                target="_blank"
                rel="noreferrer"
                className="inline-flex min-h-11 items-center break-all font-mono text-amber-900 underline"
              >
                {code.url}
              </a>
              <p className="text-sm text-stone-600">
                {t('backoffice.qr_version', { version: code.qr_version })}
              </p>
              <button
                type="button"
                className={`${buttonClass('danger')} self-start`}
                disabled={rotate.isPending}
                onClick={() =>
                  confirm(t('backoffice.rotate_confirm', { number: table.number })) && rotate.mutate()
                }
              >
                {t('backoffice.rotate_qr')}
              </button>
              {rotate.error !== null && <ErrorState error={rotate.error} />}
            </div>
          </div>
        )}
      </QueryState>
    </section>
  );
}

/**
 * Opens the printable sheet of every table's code in a new tab. The tab is opened during the
 * click (so no pop-up blocker stops it) and given the sheet once it has been fetched.
 */
export function usePrintQrSheet(session: StaffSession) {
  return useMutation({
    mutationFn: async () => {
      const tab = open('', '_blank');
      try {
        const url = await objectUrl(session.api, '/tables/qr-sheet');
        if (tab) tab.location.href = url;
        else location.assign(url);
      } catch (error) {
        tab?.close();
        throw error;
      }
    },
  });
}
