import type { Page, RequestContext } from '@brigade/kernel';
import type {
  Area,
  CreateArea,
  CreateReservation,
  CreateTable,
  CreateWaitlistEntry,
  FloorTable,
  ListReservations,
  ListTables,
  ListWaitlist,
  PublicTable,
  Reservation,
  TableQr,
  TableSession,
  TableStatus,
  UpdateArea,
  UpdateReservation,
  UpdateTable,
  WaitlistEntry,
} from './schemas.js';

export type { Page } from '@brigade/kernel';
export * from './errors.js';
export * from './events.js';
export * from './permissions.js';
export * from './schemas.js';

export type ReservationAction = 'confirm' | 'cancel' | 'no_show';

/** The floor module's contract: the dining room, its tables and who sits at them. */
export interface FloorService {
  listAreas(ctx: RequestContext): Promise<Area[]>;
  createArea(ctx: RequestContext, input: CreateArea): Promise<Area>;
  updateArea(ctx: RequestContext, input: { id: string; changes: UpdateArea }): Promise<Area>;
  /** Refused while live tables are in the area. */
  deleteArea(ctx: RequestContext, input: { id: string }): Promise<void>;

  listTables(ctx: RequestContext, input: ListTables): Promise<Page<FloorTable>>;
  getTable(ctx: RequestContext, input: { id: string }): Promise<FloorTable>;
  createTable(ctx: RequestContext, input: CreateTable): Promise<FloorTable>;
  updateTable(ctx: RequestContext, input: { id: string; changes: UpdateTable }): Promise<FloorTable>;
  /** Soft delete: frees the number, voids the QR code; refused while a session is open or bookings are upcoming. */
  deleteTable(ctx: RequestContext, input: { id: string }): Promise<void>;
  setTableStatus(ctx: RequestContext, input: { id: string; status: TableStatus }): Promise<FloorTable>;

  /** The table's current QR token and guest URL, for printing (staff only). */
  getTableQr(ctx: RequestContext, input: { id: string }): Promise<TableQr>;
  /** Every live table's QR token and URL, by area and number. */
  listTableQrs(ctx: RequestContext): Promise<TableQr[]>;
  /** Issues a new token; the old printed code stops resolving at once. */
  rotateTableQr(ctx: RequestContext, input: { id: string }): Promise<TableQr>;
  /** What a scanned code names (no sign-in needed); `qr_code_not_found` for unknown or rotated tokens. */
  resolveTableToken(
    ctx: RequestContext,
    input: { token: string },
  ): Promise<PublicTable & { tenant_id: string }>;

  getSession(ctx: RequestContext, input: { id: string }): Promise<TableSession>;
  listOpenSessions(ctx: RequestContext): Promise<TableSession[]>;
  openSession(ctx: RequestContext, input: { table_id: string; covers: number }): Promise<TableSession>;
  /**
   * For a staff order at a table: the table's open session, or a new one seated with `covers`
   * (source staff). Idempotent: a second call returns the same open session, whatever the
   * table's status (the party is there, ordering). `table_not_found` for unknown or deleted tables.
   */
  openSessionForTable(
    ctx: RequestContext,
    input: { table_id: string; covers: number },
  ): Promise<TableSession>;
  /**
   * For a guest's first order at a table (by its QR token): the table's open session, or a new
   * one (one cover until staff correct it). Idempotent. Runs in the token's restaurant.
   */
  openSessionForGuest(
    ctx: RequestContext,
    input: { table_token: string },
  ): Promise<TableSession & { tenant_id: string }>;
  updateSession(ctx: RequestContext, input: { id: string; covers: number }): Promise<TableSession>;
  /** The party left (later: payment settled); the table goes to `cleaning`. */
  closeSession(ctx: RequestContext, input: { id: string }): Promise<TableSession>;
  moveSession(ctx: RequestContext, input: { id: string; table_id: string }): Promise<TableSession>;
  /** `session_id`'s party joins session `id`: covers add up, the other closes as merged. */
  mergeSessions(ctx: RequestContext, input: { id: string; session_id: string }): Promise<TableSession>;

  createReservation(ctx: RequestContext, input: CreateReservation): Promise<Reservation>;
  getReservation(ctx: RequestContext, input: { id: string }): Promise<Reservation>;
  /** Reschedule or amend a pending or confirmed booking: capacity and overlap are checked again. */
  updateReservation(
    ctx: RequestContext,
    input: { id: string; changes: UpdateReservation },
  ): Promise<Reservation>;
  listReservations(ctx: RequestContext, input: ListReservations): Promise<Page<Reservation>>;
  changeReservation(
    ctx: RequestContext,
    input: { id: string; action: ReservationAction },
  ): Promise<Reservation>;
  /** Seats the party: opens a session on the reservation's (or the given) table. */
  seatReservation(
    ctx: RequestContext,
    input: { id: string; table_id?: string | undefined; covers?: number | undefined },
  ): Promise<Reservation>;

  joinWaitlist(ctx: RequestContext, input: CreateWaitlistEntry): Promise<WaitlistEntry>;
  listWaitlist(ctx: RequestContext, input: ListWaitlist): Promise<Page<WaitlistEntry>>;
  /** Tells the party their table is ready (emits floor.waitlist_ready.v1). */
  notifyWaitlistEntry(ctx: RequestContext, input: { id: string }): Promise<WaitlistEntry>;
  seatWaitlistEntry(ctx: RequestContext, input: { id: string; table_id: string }): Promise<WaitlistEntry>;
  cancelWaitlistEntry(ctx: RequestContext, input: { id: string }): Promise<WaitlistEntry>;
}
