/**
 * The providers' own browser scripts, loaded only when a guest pays online (this module is a
 * chunk of its own: the menu never downloads it). Card data goes from the provider's fields to
 * the provider; we only hand over the client secret or order id the server created.
 */
import type { GuestPayment } from './types.js';

type StripeCheckout = Extract<NonNullable<GuestPayment['checkout']>, { provider: 'stripe' }>;
type RazorpayCheckout = Extract<NonNullable<GuestPayment['checkout']>, { provider: 'razorpay' }>;

/** The few parts of Stripe.js v3 used here. */
interface StripeJs {
  elements(options: { clientSecret: string }): {
    create(kind: 'payment'): { mount(element: HTMLElement): void; destroy(): void };
  };
  confirmPayment(options: {
    elements: unknown;
    redirect: 'if_required';
    confirmParams: { return_url: string };
  }): Promise<{ error?: { message?: string } }>;
}

export interface RazorpayAnswer {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

interface RazorpayCheckoutJs {
  open(): void;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
    Razorpay?: new (options: Record<string, unknown>) => RazorpayCheckoutJs;
  }
}

const loading = new Map<string, Promise<void>>();

/** Adds a provider's script once; fails when it cannot load (offline, blocked). */
function loadScript(src: string): Promise<void> {
  let pending = loading.get(src);
  if (!pending) {
    pending = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        loading.delete(src);
        script.remove();
        reject(new Error(`could not load ${src}`));
      };
      document.head.append(script);
    });
    loading.set(src, pending);
  }
  return pending;
}

/** Mounts Stripe's Payment Element in `container`; `confirm` finishes the payment there. */
export async function mountStripe(checkout: StripeCheckout, container: HTMLElement) {
  await loadScript('https://js.stripe.com/v3');
  if (!window.Stripe) throw new Error('Stripe.js did not start');
  const stripe = window.Stripe(checkout.publishable_key);
  const elements = stripe.elements({ clientSecret: checkout.client_secret });
  const element = elements.create('payment');
  element.mount(container);
  return {
    async confirm() {
      const { error } = await stripe.confirmPayment({
        elements,
        redirect: 'if_required',
        confirmParams: { return_url: location.href },
      });
      if (error) throw new Error(error.message ?? 'payment not confirmed');
    },
    unmount: () => element.destroy(),
  };
}

/** Opens Razorpay Checkout; resolves with its signed answer, rejects when the guest closes it. */
export async function payWithRazorpay(checkout: RazorpayCheckout): Promise<RazorpayAnswer> {
  await loadScript('https://checkout.razorpay.com/v1/checkout.js');
  const Razorpay = window.Razorpay;
  if (!Razorpay) throw new Error('Razorpay Checkout did not start');
  return new Promise<RazorpayAnswer>((resolve, reject) => {
    new Razorpay({
      key: checkout.key_id,
      order_id: checkout.order_id,
      amount: checkout.amount,
      currency: checkout.currency,
      name: checkout.name,
      description: checkout.description,
      prefill: checkout.prefill,
      handler: resolve,
      modal: { ondismiss: () => reject(new Error('closed')) },
    }).open();
  });
}
