import type { Page, RequestContext } from '@brigade/kernel';
import type {
  AllDayEntry,
  ClaimResult,
  ExpoOrder,
  KitchenMetrics,
  ListTickets,
  MetricsQuery,
  RegisterWorker,
  StationSummary,
  SweepResult,
  Ticket,
  Worker,
} from './schemas.js';

export type { Page } from '@brigade/kernel';
export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';

/**
 * The kitchen module's contract (issue 6 points 6–8): the kitchen display, fed by the orders
 * module's events, and seed 004's kitchen workers. Every method acts for ctx.tenantId's
 * restaurant. What the kitchen does to orders (line progress, preparing, ready) it tells the
 * orders module through its contract after each change commits.
 */
export interface KitchenService {
  /** The board: rush first, then oldest fired; the live board (fired, started) by default. */
  listTickets(ctx: RequestContext, input: ListTickets): Promise<Page<Ticket>>;
  getTicket(ctx: RequestContext, input: { id: string }): Promise<Ticket>;
  startTicket(ctx: RequestContext, input: { id: string }): Promise<Ticket>;
  /** Done: off the board. A fired ticket may be bumped without being started. */
  bumpTicket(ctx: RequestContext, input: { id: string }): Promise<Ticket>;
  /** Back to the board (started), within the recall window after its bump. */
  recallTicket(ctx: RequestContext, input: { id: string }): Promise<Ticket>;
  /** Sets rush, or toggles it when `rush` is absent. */
  rushTicket(ctx: RequestContext, input: { id: string; rush?: boolean | undefined }): Promise<Ticket>;

  /** Fires the held tickets of a course (and every course before it). */
  fireCourse(ctx: RequestContext, input: { order_id: string; course: number }): Promise<ExpoOrder>;
  /** preparing: starts every fired ticket of the order; ready: bumps every open one. */
  setOrderStatus(
    ctx: RequestContext,
    input: { order_id: string; status: 'preparing' | 'ready' },
  ): Promise<ExpoOrder>;
  getExpoOrder(ctx: RequestContext, input: { order_id: string }): Promise<ExpoOrder>;
  /** Orders on their way through the kitchen (confirmed, preparing, ready), oldest first. */
  listExpo(
    ctx: RequestContext,
    input: { limit?: number; cursor?: string | undefined },
  ): Promise<Page<ExpoOrder>>;
  /** Item → quantity across fired and started tickets. */
  allDay(ctx: RequestContext, input: { station?: string | undefined }): Promise<AllDayEntry[]>;
  metrics(ctx: RequestContext, input: MetricsQuery): Promise<KitchenMetrics>;
  listStations(ctx: RequestContext): Promise<StationSummary[]>;

  /** Registers a worker, or updates the one of that name (and marks it online). */
  registerWorker(ctx: RequestContext, input: RegisterWorker): Promise<{ worker: Worker; created: boolean }>;
  heartbeat(ctx: RequestContext, input: { id: string }): Promise<Worker>;
  /** Claims fired tickets it may work on, up to its prefetch (never one another worker holds). */
  claimTickets(ctx: RequestContext, input: { id: string }): Promise<ClaimResult>;
  listWorkers(
    ctx: RequestContext,
    input: { limit?: number; cursor?: string | undefined },
  ): Promise<Page<Worker>>;
  getWorker(ctx: RequestContext, input: { id: string }): Promise<Worker>;
  /** Removes the worker; its claimed tickets are released. */
  removeWorker(ctx: RequestContext, input: { id: string }): Promise<void>;

  /**
   * One pass of the background sweep: late tickets (kitchen.preparation_time_exceeded.v1, once
   * each), workers past the heartbeat timeout (offline, tickets released) and pending effects
   * on orders. Across every restaurant for a system context, else for ctx's restaurant.
   */
  sweep(ctx: RequestContext): Promise<SweepResult>;
}
