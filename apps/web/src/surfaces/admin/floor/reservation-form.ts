import type { Checks } from '../menu/form-errors.js';
import { fromZoned, toZoned } from './zoned-time.js';

export const reservationStatuses = ['pending', 'confirmed', 'seated', 'cancelled', 'no_show'] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

export interface Reservation {
  id: string;
  guest_name: string;
  phone: string | null;
  party_size: number;
  starts_at: string;
  duration_minutes: number;
  ends_at: string;
  table_id: string | null;
  status: ReservationStatus;
  notes: string | null;
}

/** The booking form's fields as typed; date and time on the restaurant's clock. */
export interface ReservationDraft {
  guest_name: string;
  phone: string;
  party_size: string;
  date: string;
  time: string;
  duration_minutes: string;
  table_id: string;
  notes: string;
}

export type ReservationField = keyof ReservationDraft;

export const phonePattern = /^\+?[0-9 ()-]{6,20}$/;
export const partySizeValid = (text: string) => /^\d{1,3}$/.test(text.trim()) && +text >= 1 && +text <= 500;

export function reservationDraft(
  reservation: Reservation | null,
  timeZone: string,
  day: string,
): ReservationDraft {
  const when = reservation ? toZoned(reservation.starts_at, timeZone) : { date: day, time: '19:00' };
  return {
    guest_name: reservation?.guest_name ?? '',
    phone: reservation?.phone ?? '',
    party_size: String(reservation?.party_size ?? 2),
    date: when.date,
    time: when.time,
    duration_minutes: String(reservation?.duration_minutes ?? 90),
    table_id: reservation?.table_id ?? '',
    notes: reservation?.notes ?? '',
  };
}

/** The floor API's booking rules, checked before sending (`now` for "not in the past"). */
export function checkReservation(
  draft: ReservationDraft,
  timeZone: string,
  now = new Date(),
): Checks<ReservationField> {
  const checks: Checks<ReservationField> = {};
  if (!draft.guest_name.trim()) checks.guest_name = 'form.required';
  if (draft.phone.trim() && !phonePattern.test(draft.phone.trim())) checks.phone = 'backoffice.phone_invalid';
  if (!partySizeValid(draft.party_size)) checks.party_size = 'backoffice.party_invalid';
  const duration = Number(draft.duration_minutes);
  if (!/^\d+$/.test(draft.duration_minutes.trim()) || duration < 15 || duration > 720)
    checks.duration_minutes = 'backoffice.duration_invalid';
  const startsAt = fromZoned(draft.date, draft.time, timeZone);
  if (!startsAt) checks.date = 'backoffice.when_invalid';
  else if (new Date(startsAt) < now) checks.time = 'backoffice.when_past';
  return checks;
}

export function reservationBody(draft: ReservationDraft, timeZone: string) {
  return {
    guest_name: draft.guest_name.trim(),
    phone: draft.phone.trim() || null,
    party_size: Number(draft.party_size),
    starts_at: fromZoned(draft.date, draft.time, timeZone)!,
    duration_minutes: Number(draft.duration_minutes),
    table_id: draft.table_id || null,
    notes: draft.notes.trim() || null,
  };
}
