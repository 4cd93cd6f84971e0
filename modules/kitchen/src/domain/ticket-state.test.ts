import { describe, expect, it } from 'vitest';
import { ticketStatuses } from '../contract/schemas.js';
import { canApply, elapsedSeconds, isLate, nextStatus, withinRecallWindow } from './ticket-state.js';

describe('ticket states', () => {
  it('held → fired → started → bumped, a fired ticket bumped directly, a bumped one recalled', () => {
    expect(nextStatus('fire', 'held')).toBe('fired');
    expect(nextStatus('start', 'fired')).toBe('started');
    expect(nextStatus('bump', 'started')).toBe('bumped');
    expect(nextStatus('bump', 'fired')).toBe('bumped');
    expect(nextStatus('recall', 'bumped')).toBe('started');
  });

  it('refuses everything else', () => {
    const allowed = new Set([
      'fire:held',
      'start:fired',
      'bump:fired',
      'bump:started',
      'recall:bumped',
      'cancel:held',
      'cancel:fired',
      'cancel:started',
    ]);
    for (const action of ['fire', 'start', 'bump', 'recall', 'cancel'] as const) {
      for (const status of ticketStatuses) {
        expect(canApply(action, status), `${action} ${status}`).toBe(allowed.has(`${action}:${status}`));
      }
    }
    expect(nextStatus('start', 'held')).toBeNull();
  });

  it('the recall window includes its last second', () => {
    const bumped = new Date('2026-11-20T12:00:00Z');
    expect(withinRecallWindow(bumped, new Date('2026-11-20T12:10:00Z'), 600)).toBe(true);
    expect(withinRecallWindow(bumped, new Date('2026-11-20T12:10:00.001Z'), 600)).toBe(false);
  });

  it('elapsed runs from firing to now, or to the bump; late is past the target', () => {
    const firedAt = new Date('2026-11-20T12:00:00Z');
    const now = new Date('2026-11-20T12:05:30Z');
    expect(elapsedSeconds({ status: 'held', firedAt: null, bumpedAt: null }, now)).toBeNull();
    expect(elapsedSeconds({ status: 'started', firedAt, bumpedAt: null }, now)).toBe(330);
    const bumpedAt = new Date('2026-11-20T12:02:00Z');
    expect(elapsedSeconds({ status: 'bumped', firedAt, bumpedAt }, now)).toBe(120);
    expect(isLate({ status: 'started', firedAt, bumpedAt: null, targetSeconds: 300 }, now)).toBe(true);
    expect(isLate({ status: 'started', firedAt, bumpedAt: null, targetSeconds: 330 }, now)).toBe(false);
    expect(isLate({ status: 'bumped', firedAt, bumpedAt, targetSeconds: 300 }, now)).toBe(false);
    expect(isLate({ status: 'cancelled', firedAt, bumpedAt: null, targetSeconds: 1 }, now)).toBe(false);
  });
});
