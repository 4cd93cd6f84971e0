import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { type Api, idempotencyKeys } from '../../ui/api.js';
import { buttonClass, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Sheet } from '../../ui/sheet.js';
import { ErrorState, QueryState } from '../../ui/states.js';
import { OnlinePayment } from './online-payment.js';
import { type TipChoice, tipInMinor, tipInput } from './tip.js';
import type { BillMethod, GuestCheck, GuestPayment, OnlineMethod } from './types.js';

type Money = (minor: number) => string;

export const checkQueryKey = (token: string): unknown[] => ['check', token];

/** The table's bill: lines and totals, a tip, then staff (cash, card) or paying online now. */
export function BillSheet({
  token,
  api,
  money,
  paid,
  onClose,
}: {
  token: string;
  api: Api;
  money: Money;
  /** The live feed said the check was settled. */
  paid: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const check = useQuery({
    queryKey: checkQueryKey(token),
    queryFn: () => api.get<GuestCheck>(`/public/tables/${token}/check`),
  });
  return (
    <Sheet title={t('guest.bill.title')} onClose={onClose}>
      {paid || check.data?.status === 'closed' ? (
        <PaidNotice />
      ) : (
        <QueryState query={check}>
          {(data) => <Bill token={token} api={api} money={money} check={data} />}
        </QueryState>
      )}
    </Sheet>
  );
}

export function PaidNotice() {
  const { t } = useI18n();
  return (
    <div role="status" className="rounded-xl bg-green-50 p-4 text-green-950">
      <p className="text-lg font-bold">{t('guest.paid')}</p>
      <p>{t('guest.paid_detail')}</p>
    </div>
  );
}

function Bill({ token, api, money, check }: { token: string; api: Api; money: Money; check: GuestCheck }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [tip, setTip] = useState<TipChoice>({ kind: 'none' });
  const [choosing, setChoosing] = useState(check.bill_request_method === null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const [payment, setPayment] = useState<GuestPayment | null>(null);
  const keyFor = useRef(idempotencyKeys());

  const tipAmount = tipInMinor(tip, check);
  const tipInvalid = tipAmount === null;
  const tipBody = tipInput(tip, tipAmount);

  async function send(action: () => Promise<void>) {
    setAttempted(true);
    if (tipInvalid) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const requestBill = (method: BillMethod) =>
    send(async () => {
      const answer = await api.post<GuestCheck>(`/public/tables/${token}/bill-request`, {
        method,
        ...tipBody,
      });
      client.setQueryData(checkQueryKey(token), answer);
      setChoosing(false);
    });

  const payOnline = (method: OnlineMethod) =>
    send(async () => {
      const body = { method, ...tipBody };
      const key = keyFor.current(body);
      setPayment(
        await api.post<GuestPayment>(`/public/tables/${token}/payments`, { ...body, idempotency_key: key }),
      );
    });

  if (payment) {
    return (
      <OnlinePayment
        token={token}
        api={api}
        payment={payment}
        money={money}
        onCancel={() => setPayment(null)}
      />
    );
  }

  const requested = check.bill_request_method;
  if (!choosing && (requested === 'cash' || requested === 'card')) {
    const total = money(check.due + (check.bill_request_tip ?? 0));
    return (
      <div className="flex flex-col gap-3">
        <div role="status" className="rounded-xl bg-amber-50 p-4 text-amber-950">
          <p className="text-lg font-bold">{t('guest.bill.staff_coming')}</p>
          <p>
            {requested === 'cash'
              ? t('guest.bill.staff_coming_cash', { total })
              : t('guest.bill.staff_coming_card', { total })}
          </p>
        </div>
        <Totals check={check} money={money} />
        <button type="button" onClick={() => setChoosing(true)} className={buttonClass('secondary')}>
          {t('guest.bill.change_method')}
        </button>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="bill-lines">
        <h3 id="bill-lines" className="font-semibold">
          {t('guest.bill.lines')}
        </h3>
        <ul className="mt-1 text-sm">
          {check.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: guests' lines carry no id; their order is fixed
            <li key={index} className="flex justify-between gap-2 py-0.5">
              <span>
                {line.quantity} × {line.name}
              </span>
              <span>{money(line.total)}</span>
            </li>
          ))}
        </ul>
      </section>
      <Totals check={check} money={money} />
      <TipChooser
        check={check}
        money={money}
        tip={tip}
        onTip={setTip}
        invalid={tipInvalid && (attempted || (tip.kind === 'custom' && tip.text !== ''))}
      />
      {tipAmount !== null && tipAmount > 0 && (
        <p className="text-right font-semibold">
          {t('guest.bill.with_tip', { total: money(check.due + tipAmount) })}
        </p>
      )}
      {error !== null && <ErrorState error={error} />}
      <div className="flex flex-col gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => requestBill('cash')}
          className={`${buttonClass('primary')} py-2 text-lg`}
        >
          {busy ? t('guest.bill.sending') : t('guest.bill.pay_cash')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => requestBill('card')}
          className={`${buttonClass('secondary')} py-2 text-lg`}
        >
          {t('guest.bill.pay_card')}
        </button>
        {check.online_methods.map((method) => (
          <button
            key={method}
            type="button"
            disabled={busy}
            onClick={() => payOnline(method)}
            className={`${buttonClass('secondary')} py-2 text-lg`}
          >
            {check.online_methods.length === 1
              ? t('guest.bill.pay_now')
              : t('guest.bill.pay_now_with', { provider: providerNames[method] })}
          </button>
        ))}
      </div>
    </div>
  );
}

const providerNames: Record<OnlineMethod, string> = { stripe: 'Stripe', razorpay: 'Razorpay' };

function Totals({ check, money }: { check: GuestCheck; money: Money }) {
  const { t } = useI18n();
  const rows: [string, number, boolean?][] = [
    ...(check.subtotal !== check.total
      ? [[t('guest.bill.subtotal'), check.subtotal] as [string, number]]
      : []),
    ...(check.discount_total > 0
      ? [[t('guest.bill.discount'), -check.discount_total] as [string, number]]
      : []),
    ...(check.service_charge > 0
      ? [[t('guest.bill.service_charge'), check.service_charge] as [string, number]]
      : []),
    ...(check.service_charge_tax > 0
      ? [[t('guest.bill.service_charge_tax'), check.service_charge_tax] as [string, number]]
      : []),
    [t('guest.bill.total'), check.total],
    ...(check.paid > 0 ? [[t('guest.bill.paid'), -check.paid] as [string, number]] : []),
    [t('guest.bill.due'), check.due, true],
  ];
  return (
    <dl className="flex flex-col gap-0.5 border-t border-stone-200 pt-2">
      {rows.map(([label, amount, strong]) => (
        <div key={label} className={`flex justify-between ${strong ? 'text-lg font-bold' : ''}`}>
          <dt>{label}</dt>
          <dd data-total={strong ? 'due' : undefined}>{money(amount)}</dd>
        </div>
      ))}
      <div className="flex justify-between text-sm text-stone-600">
        <dt>{t('guest.bill.tax_included')}</dt>
        <dd>{money(check.tax_total)}</dd>
      </div>
    </dl>
  );
}

function TipChooser({
  check,
  money,
  tip,
  onTip,
  invalid,
}: {
  check: GuestCheck;
  money: Money;
  tip: TipChoice;
  onTip: (tip: TipChoice) => void;
  invalid: boolean;
}) {
  const { t } = useI18n();
  const options: [string, TipChoice, string][] = [
    ['none', { kind: 'none' }, t('guest.bill.no_tip')],
    ...check.tip_options.map(
      (option) =>
        [
          `p${option.percent_bps}`,
          { kind: 'preset', percent_bps: option.percent_bps },
          t('guest.bill.tip_percent', { percent: option.percent_bps / 100, amount: money(option.amount) }),
        ] as [string, TipChoice, string],
    ),
    ['custom', { kind: 'custom', text: '' }, t('guest.bill.tip_custom')],
  ];
  const selected = tip.kind === 'preset' ? `p${tip.percent_bps}` : tip.kind;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="font-semibold">{t('guest.bill.tip')}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map(([value, choice, label]) => (
          <label
            key={value}
            className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-full border px-3 ${selected === value ? 'border-amber-800 bg-amber-50' : 'border-stone-300'}`}
          >
            <input
              type="radio"
              name="tip"
              value={value}
              checked={selected === value}
              onChange={() => onTip(choice)}
              className="h-5 w-5 accent-amber-800"
            />
            {label}
          </label>
        ))}
      </div>
      {tip.kind === 'custom' && (
        <TextField
          label={t('guest.bill.tip_custom_amount')}
          inputMode="decimal"
          autoComplete="off"
          value={tip.text}
          onValue={(text) => onTip({ kind: 'custom', text })}
          error={invalid ? t('guest.bill.tip_invalid') : null}
        />
      )}
    </fieldset>
  );
}
