import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { idempotencyKeys } from '../../ui/api.js';
import { buttonClass, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState, Loading } from '../../ui/states.js';
import { parseMoney, quickTenders, toMajorText } from './money.js';
import { Segment } from './segment.js';
import type { Check, CheckPart, Payment, PaymentMethod } from './types.js';

/** What the till takes in person; online methods are the guest's (by the tracking link). */
const inPerson: PaymentMethod[] = ['cash', 'card_terminal'];
const tipPresets = [1_000, 1_500, 2_000];
type Tip = { kind: 'none' } | { kind: 'percent'; bps: number } | { kind: 'custom'; text: string };

/** Take a payment for the check or one part: cash (tendered → change) or the card terminal. */
export function PaymentSheet({
  session,
  check,
  part,
  money,
  onClose,
}: {
  session: StaffSession;
  check: Check;
  part: CheckPart | null;
  money: (minor: number) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: () =>
      session.api.get<{ data: { method: PaymentMethod; available: boolean }[] }>('/payments/methods'),
    staleTime: 60_000,
  });
  const available = inPerson.filter((method) =>
    methods.data?.data.some((entry) => entry.method === method && entry.available),
  );
  const [chosen, setChosen] = useState<PaymentMethod | null>(null);
  const method = chosen ?? available[0] ?? null;
  const [tip, setTip] = useState<Tip>({ kind: 'none' });
  const [tendered, setTendered] = useState('');
  const [reference, setReference] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const keyFor = useRef(idempotencyKeys());
  const due = part?.due ?? check.due;
  const tipAmount =
    tip.kind === 'none'
      ? 0
      : tip.kind === 'percent'
        ? Math.round((due * tip.bps) / 10_000)
        : (parseMoney(tip.text, check.currency) ?? 0);
  const toPay = due + tipAmount;

  const pay = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      session.api.post<Payment>('/payments/process', { ...body, idempotency_key: keyFor.current(body) }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['pos'] });
      void client.invalidateQueries({ queryKey: ['floor'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const tenderedMinor = parseMoney(tendered, check.currency);
    if (tip.kind === 'custom' && parseMoney(tip.text, check.currency) === null)
      problems.tip = t('pos.amount_invalid');
    if (method === 'cash' && tenderedMinor === null) problems.tendered = t('pos.amount_invalid');
    else if (method === 'cash' && (tenderedMinor ?? 0) < toPay)
      problems.tendered = t('pos.tendered_short', { amount: money(toPay) });
    if (method === 'card_terminal' && !reference.trim()) problems.reference = t('form.required');
    setInvalid(problems);
    if (Object.keys(problems).length > 0 || !method) return;
    pay.mutate({
      check_id: check.id,
      ...(part && { part_id: part.id }),
      method,
      ...(tip.kind === 'percent' && { tip: { percent_bps: tip.bps } }),
      ...(tip.kind === 'custom' && { tip: { amount: tipAmount } }),
      ...(method === 'cash' && { tendered: tenderedMinor }),
      ...(method === 'card_terminal' && { terminal_reference: reference.trim() }),
    });
  }

  const title = part ? t('pos.pay_title_part', { label: part.label }) : t('pos.pay_title');
  if (pay.data?.status === 'succeeded')
    return (
      <Sheet title={title} onClose={onClose}>
        <PaymentDone payment={pay.data} money={money} onDone={onClose} />
      </Sheet>
    );
  return (
    <Sheet title={title} onClose={onClose}>
      {methods.isPending ? (
        <Loading />
      ) : methods.error ? (
        <ErrorState error={methods.error} onRetry={() => methods.refetch()} />
      ) : !method ? (
        <p role="alert">{t('pos.no_methods')}</p>
      ) : (
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <p className="text-2xl font-bold">{t('pos.amount_due', { amount: money(due) })}</p>
          <fieldset>
            <legend className="mb-1 font-semibold">{t('pos.method')}</legend>
            <div className="flex flex-wrap gap-2">
              {available.map((entry) => (
                <Segment
                  key={entry}
                  name="method"
                  checked={method === entry}
                  onChange={() => setChosen(entry)}
                >
                  {t(`pos.method.${entry}` as 'pos.method.cash')}
                </Segment>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="mb-1 font-semibold">{t('pos.tip')}</legend>
            <div className="flex flex-wrap gap-2">
              <Segment name="tip" checked={tip.kind === 'none'} onChange={() => setTip({ kind: 'none' })}>
                {t('pos.no_tip')}
              </Segment>
              {tipPresets.map((bps) => (
                <Segment
                  key={bps}
                  name="tip"
                  checked={tip.kind === 'percent' && tip.bps === bps}
                  onChange={() => setTip({ kind: 'percent', bps })}
                >
                  {`${bps / 100} % · ${money(Math.round((due * bps) / 10_000))}`}
                </Segment>
              ))}
              <Segment
                name="tip"
                checked={tip.kind === 'custom'}
                onChange={() => setTip({ kind: 'custom', text: '' })}
              >
                {t('pos.custom_tip')}
              </Segment>
            </div>
          </fieldset>
          {tip.kind === 'custom' && (
            <TextField
              label={t('pos.custom_tip_amount')}
              inputMode="decimal"
              value={tip.text}
              onValue={(text) => setTip({ kind: 'custom', text })}
              error={invalid.tip}
            />
          )}
          {method === 'cash' && (
            <>
              <TextField
                label={t('pos.tendered')}
                inputMode="decimal"
                value={tendered}
                onValue={setTendered}
                error={invalid.tendered}
                hint={t('pos.to_pay', { amount: money(toPay) })}
              />
              <fieldset className="flex flex-wrap gap-2">
                <legend className="sr-only">{t('pos.quick_tender')}</legend>
                {quickTenders(toPay, check.currency).map((sum) => (
                  <button
                    key={sum}
                    type="button"
                    className={buttonClass('secondary')}
                    onClick={() => setTendered(toMajorText(sum, check.currency))}
                  >
                    {sum === toPay ? t('pos.exact', { amount: money(sum) }) : money(sum)}
                  </button>
                ))}
              </fieldset>
            </>
          )}
          {method === 'card_terminal' && (
            <TextField
              label={t('pos.terminal_reference')}
              hint={t('pos.terminal_reference_hint')}
              value={reference}
              maxLength={100}
              onValue={setReference}
              error={invalid.reference}
            />
          )}
          {pay.data && (
            <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
              {pay.data.failure_reason ?? t('pos.payment_not_done')}
            </p>
          )}
          {pay.error && <ErrorState error={pay.error} />}
          <button type="submit" disabled={pay.isPending} className={`${buttonClass()} py-3 text-lg`}>
            {pay.isPending ? t('common.loading') : t('pos.charge', { amount: money(toPay) })}
          </button>
        </form>
      )}
    </Sheet>
  );
}

function PaymentDone({
  payment,
  money,
  onDone,
}: {
  payment: Payment;
  money: (minor: number) => string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <div role="status" className="flex flex-col gap-3">
      <p className="text-xl font-semibold text-green-800">
        {t('pos.payment_taken', {
          amount: money(payment.amount + payment.tip + payment.rounding_adjustment),
        })}
      </p>
      {payment.change_due !== null && (
        <p className="rounded-lg bg-amber-100 p-4 text-3xl font-bold text-amber-950">
          {t('pos.change_due', { amount: money(payment.change_due) })}
        </p>
      )}
      <button type="button" onClick={onDone} className={buttonClass()}>
        {t('pos.done')}
      </button>
    </div>
  );
}
