import { useEffect, useRef, useState } from 'react';
import type { Api } from '../../ui/api.js';
import { buttonClass } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { ErrorState } from '../../ui/states.js';
import type { GuestPayment } from './types.js';

type Stage = 'starting' | 'ready' | 'sending' | 'sent' | 'failed';

/**
 * Finishes a payment the server started: Stripe's Payment Element (confirmed here) or Razorpay
 * Checkout (its signed answer posted to verify). The provider scripts load on demand; the live
 * feed then tells every phone at the table that the bill is paid.
 */
export function OnlinePayment({
  token,
  api,
  payment,
  money,
  onCancel,
}: {
  token: string;
  api: Api;
  payment: GuestPayment;
  money: (minor: number) => string;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const confirm = useRef<(() => Promise<void>) | null>(null);
  const [stage, setStage] = useState<Stage>('starting');
  const [error, setError] = useState<unknown>(null);
  const checkout = payment.checkout;

  useEffect(() => {
    let unmount: (() => void) | undefined;
    let cancelled = false;
    const fail = (caught: unknown) => {
      if (cancelled) return;
      setError(caught);
      setStage('failed');
    };
    void (async () => {
      try {
        const providers = await import('./online-pay.js');
        if (cancelled || !checkout) return;
        if (checkout.provider === 'stripe') {
          const stripe = await providers.mountStripe(checkout, container.current!);
          unmount = stripe.unmount;
          confirm.current = stripe.confirm;
          if (!cancelled) setStage('ready');
        } else {
          const answer = await providers.payWithRazorpay(checkout);
          if (cancelled) return;
          setStage('sending');
          await api.post(`/public/tables/${token}/payments/verify-razorpay`, answer);
          if (!cancelled) setStage('sent');
        }
      } catch (caught) {
        fail(caught);
      }
    })();
    return () => {
      cancelled = true;
      unmount?.();
    };
  }, [api, checkout, token]);

  async function confirmStripe() {
    if (!confirm.current) return;
    setStage('sending');
    setError(null);
    try {
      await confirm.current();
      setStage('sent');
    } catch (caught) {
      setError(caught);
      setStage('ready');
    }
  }

  return (
    <div className="flex flex-col gap-3">
      {checkout?.provider === 'stripe' && (
        <section aria-label={t('guest.bill.card_details')} ref={container} className="min-h-11" />
      )}
      {stage === 'starting' && <p role="status">{t('common.loading')}</p>}
      {stage === 'sent' && (
        <p role="status" className="rounded-xl bg-amber-50 p-4 font-semibold text-amber-950">
          {t('guest.bill.payment_sent')}
        </p>
      )}
      {stage === 'failed' && <p role="alert">{t('guest.bill.payment_unavailable')}</p>}
      {error !== null && stage !== 'failed' && <ErrorState error={error} />}
      {checkout?.provider === 'stripe' && (stage === 'ready' || stage === 'sending') && (
        <button
          type="button"
          disabled={stage === 'sending'}
          onClick={confirmStripe}
          className={`${buttonClass('primary')} py-2 text-lg`}
        >
          {t('guest.bill.confirm_payment', { total: money(payment.amount + payment.tip) })}
        </button>
      )}
      {stage !== 'sent' && (
        <button type="button" onClick={onCancel} className={buttonClass('secondary')}>
          {t('guest.bill.change_method')}
        </button>
      )}
    </div>
  );
}
