import { useQuery } from '@tanstack/react-query';
import { formatMoney, formatTime } from '../../ui/format.js';
import { useI18n } from '../../ui/i18n.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';

/** What the list reads of an open check whose bill a guest asked for (docs/api.md § Payments). */
interface RequestedCheck {
  id: string;
  table_id: string | null;
  table_number: string | null;
  due: number;
  bill_requested_at: string;
  bill_request_method: 'cash' | 'card' | 'online';
  bill_request_tip: number | null;
}

/** The POS's live refresh re-reads it on every payments event (live-refresh.ts). */
export const billRequestsKey = ['pos', 'bill-requests'];

/** The tables whose guests asked for the bill, longest waiting first; live. */
export function BillRequests({ session, restaurant }: { session: StaffSession; restaurant: Restaurant }) {
  const { t, locale } = useI18n();
  const requests = useQuery({
    queryKey: billRequestsKey,
    queryFn: async () =>
      (
        await session.api.get<{ data: RequestedCheck[] }>('/checks?status=open&bill_requested=true&limit=200')
      ).data.sort((a, b) => a.bill_requested_at.localeCompare(b.bill_requested_at)),
  });
  const money = (minor: number) => formatMoney(minor, restaurant.currency, locale);

  return (
    <section aria-labelledby="bill-requests-heading" className="flex flex-col gap-2">
      <h2 id="bill-requests-heading" className="text-lg font-bold">
        {t('bill_requests.title')}
      </h2>
      <QueryState query={requests}>
        {(checks) =>
          checks.length === 0 ? (
            <Empty>{t('bill_requests.empty')}</Empty>
          ) : (
            <ul className="flex flex-col gap-2">
              {checks.map((check) => (
                <li
                  key={check.id}
                  data-bill-request={check.table_number ?? check.id}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-amber-300 bg-amber-50 p-3"
                >
                  <div>
                    <p className="font-semibold">
                      {t('bill_requests.table', { number: check.table_number ?? '—' })}
                    </p>
                    <p className="text-sm">{t(`bill_requests.method.${check.bill_request_method}`)}</p>
                  </div>
                  <div className="text-right">
                    <p className="font-semibold">{t('bill_requests.due', { amount: money(check.due) })}</p>
                    {(check.bill_request_tip ?? 0) > 0 && (
                      <p className="text-sm">
                        {t('bill_requests.tip', { amount: money(check.bill_request_tip!) })}
                      </p>
                    )}
                    <p className="text-sm text-stone-700">
                      {t('bill_requests.asked_at', {
                        time: formatTime(check.bill_requested_at, restaurant.timezone, locale),
                      })}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
