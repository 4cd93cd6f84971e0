import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { newIdempotencyKey } from '../../ui/api.js';
import { buttonClass } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import { PaymentSheet } from './payment-sheet.js';
import { SplitForm } from './split-form.js';
import type { Check, CheckPart } from './types.js';

/** What a check is opened for: a table's visit, or one order (takeout, delivery). */
export type CheckSource = { session_id: string } | { order_id: string };

/**
 * The check of a table session or an order: its lines and totals, splits, and payments part
 * by part. It opens (or finds) the check once, then follows it by id: a paid check is closed
 * and the table frees itself.
 */
export function CheckSheet({
  session,
  source,
  money,
  onClose,
}: {
  session: StaffSession;
  source: CheckSource;
  money: (minor: number) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const sourceKey = 'session_id' in source ? source.session_id : source.order_id;
  // Outside the ['pos'] key on purpose: live refreshes re-read the check, never re-open it.
  const opened = useQuery({
    queryKey: ['check-open', sourceKey],
    queryFn: () => session.api.post<Check>('/checks', source, newIdempotencyKey()),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const checkId = opened.data?.id;
  const check = useQuery({
    queryKey: ['pos', 'check', checkId],
    queryFn: () => session.api.get<Check>(`/checks/${checkId}`),
    enabled: checkId !== undefined,
    initialData: opened.data,
  });
  const [paying, setPaying] = useState<{ part: CheckPart | null } | null>(null);
  const closePayment = useCallback(() => setPaying(null), []);

  if (paying && check.data)
    return (
      <PaymentSheet
        session={session}
        check={check.data}
        part={paying.part}
        money={money}
        onClose={closePayment}
      />
    );
  return (
    <Sheet title={t('pos.check')} onClose={onClose}>
      <QueryState query={checkId === undefined ? opened : check}>
        {(data) => (
          <CheckBody session={session} check={data} money={money} onPay={setPaying} onClose={onClose} />
        )}
      </QueryState>
    </Sheet>
  );
}

function CheckBody({
  session,
  check,
  money,
  onPay,
  onClose,
}: {
  session: StaffSession;
  check: Check;
  money: (minor: number) => string;
  onPay: (what: { part: CheckPart | null }) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [splitting, setSplitting] = useState(false);
  const closed = check.status === 'closed';
  const unpaid = check.paid === 0;
  return (
    <div className="flex flex-col gap-3">
      {check.lines.length === 0 ? (
        <Empty>{t('pos.check_empty')}</Empty>
      ) : (
        <ul aria-label={t('pos.check_lines')} className="divide-y divide-stone-100">
          {check.lines.map((line) => (
            <li key={line.line_id} className="flex justify-between gap-2 py-1">
              <span>
                {line.quantity}× {line.name}
                {line.seat !== null && (
                  <span className="text-sm text-stone-700"> · {t('pos.seat_n', { seat: line.seat })}</span>
                )}
              </span>
              <span>{money(line.total)}</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-lg bg-stone-50 p-3">
        <Row label={t('pos.subtotal')} value={money(check.subtotal)} />
        <Row label={t('pos.tax_included')} value={money(check.tax_total)} />
        {check.service_charge > 0 && (
          <Row label={t('pos.service_charge')} value={money(check.service_charge)} />
        )}
        <Row label={t('pos.check_total')} value={money(check.total)} strong />
        <Row label={t('pos.paid')} value={money(check.paid)} />
        {check.tip_total > 0 && <Row label={t('pos.tips')} value={money(check.tip_total)} />}
        <Row label={t('pos.due')} value={money(check.due)} strong />
      </dl>
      {closed ? (
        <div
          role="status"
          className="flex flex-col gap-3 rounded-lg border border-green-700 bg-green-50 p-4 text-green-900"
        >
          <p className="text-lg font-semibold">{t('pos.check_closed')}</p>
          <button
            type="button"
            className={buttonClass()}
            onClick={() => {
              void client.invalidateQueries({ queryKey: ['floor'] });
              onClose();
            }}
          >
            {t('pos.done')}
          </button>
        </div>
      ) : (
        <>
          {check.parts.length > 0 && (
            <ul aria-label={t('pos.parts')} className="flex flex-col gap-2">
              {check.parts.map((part) => (
                <li
                  key={part.id}
                  data-part={part.position}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 p-2"
                >
                  <span>
                    <span className="font-semibold">{part.label}</span> · {money(part.amount)}
                    {part.paid > 0 && ` · ${t('pos.paid_amount', { amount: money(part.paid) })}`}
                  </span>
                  {part.due > 0 ? (
                    <button type="button" className={buttonClass()} onClick={() => onPay({ part })}>
                      {t('pos.pay_part', { label: part.label, amount: money(part.due) })}
                    </button>
                  ) : (
                    <span className="font-semibold text-green-800">{t('pos.part_paid')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {check.parts.length === 0 && check.due > 0 && (
            <button type="button" className={buttonClass()} onClick={() => onPay({ part: null })}>
              {t('pos.pay_all', { amount: money(check.due) })}
            </button>
          )}
          {unpaid && check.due > 0 && !splitting && (
            <button type="button" className={buttonClass('secondary')} onClick={() => setSplitting(true)}>
              {check.parts.length > 0 ? t('pos.split_again') : t('pos.split')}
            </button>
          )}
          {unpaid && splitting && (
            <SplitForm session={session} check={check} money={money} onSplit={() => setSplitting(false)} />
          )}
        </>
      )}
    </div>
  );
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  const weight = strong ? 'font-semibold' : '';
  return (
    <>
      <dt className={weight}>{label}</dt>
      <dd className={`text-right ${weight}`}>{value}</dd>
    </>
  );
}
