import { describe, expect, it } from 'vitest';
import { checkReservation, reservationBody, reservationDraft } from './reservation-form.js';

const zone = 'Asia/Kolkata';
const now = new Date('2026-11-23T10:00:00Z'); // 15:30 in Kolkata

describe('the booking form', () => {
  it('books on the restaurant’s clock', () => {
    const draft = {
      ...reservationDraft(null, zone, '2026-11-23'),
      guest_name: ' Asha ',
      phone: '+91 98765 43210',
    };
    expect(checkReservation(draft, zone, now)).toEqual({});
    expect(reservationBody(draft, zone)).toEqual({
      guest_name: 'Asha',
      phone: '+91 98765 43210',
      party_size: 2,
      starts_at: '2026-11-23T13:30:00.000Z',
      duration_minutes: 90,
      table_id: null,
      notes: null,
    });
  });

  it('names each wrong field: a past time, a bad phone, party and duration out of range', () => {
    const draft = {
      ...reservationDraft(null, zone, '2026-11-23'),
      guest_name: '',
      phone: 'call me',
      party_size: '0',
      time: '15:00',
      duration_minutes: '5',
    };
    expect(checkReservation(draft, zone, now)).toEqual({
      guest_name: 'form.required',
      phone: 'backoffice.phone_invalid',
      party_size: 'backoffice.party_invalid',
      duration_minutes: 'backoffice.duration_invalid',
      time: 'backoffice.when_past',
    });
    expect(checkReservation({ ...draft, date: '2026-13-01' }, zone, now).date).toBe(
      'backoffice.when_invalid',
    );
  });
});
