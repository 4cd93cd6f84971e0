import type { Page, RequestContext } from '@brigade/kernel';
import type {
  BillRequest,
  CashMovementInput,
  Check,
  Drawer,
  GuestCheck,
  GuestPayment,
  GuestTablePayment,
  ListChecks,
  OpenCheck,
  OpenDrawer,
  Payment,
  PaymentMethodName,
  PaymentStats,
  ProcessPayment,
  ProviderSettingsInput,
  ProviderSettingsView,
  Receipt,
  Refund,
  RefundPayment,
  SplitCheck,
  VerifyRazorpay,
} from './schemas.js';

export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';

export interface MethodAvailabilityView {
  method: PaymentMethodName;
  available: boolean;
  reason?: 'disabled' | 'missing_keys' | undefined;
  missing?: string[] | undefined;
}

/**
 * The payments module's contract (issue 7): checks, their splits and payments by cash, an
 * external terminal, Stripe or Razorpay — charged exactly once whatever retries, duplicate
 * webhooks or crashes happen. Money is integer minor units; only provider references are kept.
 */
export interface PaymentsService {
  openCheck(ctx: RequestContext, input: OpenCheck): Promise<Check>;
  getCheck(ctx: RequestContext, input: { id: string }): Promise<Check>;
  splitCheck(ctx: RequestContext, input: { id: string } & SplitCheck): Promise<Check>;
  /** Open checks by default; `bill_requested: true` lists the tables waiting for their bill. */
  listChecks(ctx: RequestContext, input: ListChecks): Promise<Page<Check>>;

  /** Takes a payment; the same idempotency_key answers with the same payment, never a second charge. */
  processPayment(ctx: RequestContext, input: ProcessPayment): Promise<Payment>;
  getPayment(ctx: RequestContext, input: { id: string }): Promise<Payment>;
  /** Asks the provider where a payment stands (after a crash or a lost webhook) and records it. */
  reconcilePayment(ctx: RequestContext, input: { id: string }): Promise<Payment>;
  /**
   * Reconciles payments left unsettled for longer than `older_than_seconds`: the caller's
   * restaurant's, or every restaurant's for the system (the module's sweep). Returns how many changed.
   */
  reconcileUnsettled(ctx: RequestContext, input: { older_than_seconds: number }): Promise<number>;
  refundPayment(ctx: RequestContext, input: { id: string } & RefundPayment): Promise<Refund>;
  listMethods(ctx: RequestContext): Promise<MethodAvailabilityView[]>;
  /** A guest pays their own order online (Stripe or Razorpay) by its tracking token; no sign-in. */
  payOrderAsGuest(ctx: RequestContext, input: { tracking_token: string } & GuestPayment): Promise<Payment>;
  /** Razorpay Checkout's answer for a guest's payment, by the order's tracking token. */
  verifyRazorpayAsGuest(
    ctx: RequestContext,
    input: { tracking_token: string } & VerifyRazorpay,
  ): Promise<Payment>;
  /** The payments of the order behind a tracking token (what the guest's page shows). */
  listGuestPayments(ctx: RequestContext, input: { tracking_token: string }): Promise<Payment[]>;
  verifyRazorpay(ctx: RequestContext, input: VerifyRazorpay): Promise<Payment>;

  /**
   * A guest at a table (by its QR token): the open visit's check as guests may see it, opened
   * now if it has none (one check however many phones ask at once). `table_visit_not_open` when
   * nobody is seated; the paid check while the visit is closing.
   */
  getTableCheck(ctx: RequestContext, input: { table_token: string }): Promise<GuestCheck>;
  /** The guest asks for the bill (asking again updates the request); emits payments.bill_requested.v1. */
  requestBill(ctx: RequestContext, input: { table_token: string } & BillRequest): Promise<GuestCheck>;
  /** The guest pays the table's check, a share of it or a part, online (Stripe or Razorpay). */
  payTableAsGuest(ctx: RequestContext, input: { table_token: string } & GuestTablePayment): Promise<Payment>;
  /** Razorpay Checkout's answer for a payment a guest started at the table. */
  verifyRazorpayForTable(
    ctx: RequestContext,
    input: { table_token: string } & VerifyRazorpay,
  ): Promise<Payment>;
  /** A provider's webhook for one restaurant: verified on the raw body, applied once per event id. */
  receiveWebhook(
    ctx: RequestContext,
    input: {
      tenant_id: string;
      provider: 'stripe' | 'razorpay';
      raw_body: Buffer;
      headers: Record<string, string | string[] | undefined>;
    },
  ): Promise<{ duplicate: boolean; type: string }>;
  setProvider(
    ctx: RequestContext,
    input: { provider: PaymentMethodName } & ProviderSettingsInput,
  ): Promise<ProviderSettingsView>;
  getReceipt(ctx: RequestContext, input: { id: string }): Promise<Receipt>;
  getStats(ctx: RequestContext, input: { date?: string | undefined }): Promise<PaymentStats>;

  openDrawer(ctx: RequestContext, input: OpenDrawer): Promise<Drawer>;
  getDrawer(ctx: RequestContext, input: { id: string }): Promise<Drawer>;
  recordCashMovement(ctx: RequestContext, input: { id: string } & CashMovementInput): Promise<Drawer>;
  closeDrawer(ctx: RequestContext, input: { id: string; counted: number }): Promise<Drawer>;
}
