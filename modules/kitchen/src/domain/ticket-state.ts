import type { TicketStatus } from '../contract/schemas.js';

export type TicketAction = 'fire' | 'start' | 'bump' | 'recall' | 'cancel';

/**
 * Where each action may take a ticket from: held → fired → started → bumped, a fired ticket
 * may be bumped straight away (a quick item), a bumped one recalled to started, and anything
 * not done yet cancelled. The recall window is checked separately (it needs the clock).
 */
const from: Record<TicketAction, readonly TicketStatus[]> = {
  fire: ['held'],
  start: ['fired'],
  bump: ['fired', 'started'],
  recall: ['bumped'],
  cancel: ['held', 'fired', 'started'],
};

const to: Record<TicketAction, TicketStatus> = {
  fire: 'fired',
  start: 'started',
  bump: 'bumped',
  recall: 'started',
  cancel: 'cancelled',
};

export function canApply(action: TicketAction, status: TicketStatus): boolean {
  return from[action].includes(status);
}

export function nextStatus(action: TicketAction, status: TicketStatus): TicketStatus | null {
  return canApply(action, status) ? to[action] : null;
}

/** Open: on the line (or waiting to be fired), not done and not cancelled. */
export const isOpen = (status: TicketStatus) =>
  status === 'held' || status === 'fired' || status === 'started';

/** Whether a ticket bumped at `bumpedAt` may still be recalled at `now`. */
export function withinRecallWindow(bumpedAt: Date, now: Date, windowSeconds: number): boolean {
  return now.getTime() - bumpedAt.getTime() <= windowSeconds * 1000;
}

/** Seconds since it was fired: until now while open, until the bump once bumped; null while held. */
export function elapsedSeconds(
  ticket: { status: TicketStatus; firedAt: Date | null; bumpedAt: Date | null },
  now: Date,
): number | null {
  if (!ticket.firedAt) return null;
  const end = ticket.status === 'bumped' && ticket.bumpedAt ? ticket.bumpedAt : now;
  return Math.max(0, Math.floor((end.getTime() - ticket.firedAt.getTime()) / 1000));
}

export function isLate(
  ticket: { status: TicketStatus; firedAt: Date | null; bumpedAt: Date | null; targetSeconds: number },
  now: Date,
): boolean {
  if (ticket.status === 'cancelled') return false;
  const elapsed = elapsedSeconds(ticket, now);
  return elapsed !== null && elapsed > ticket.targetSeconds;
}
