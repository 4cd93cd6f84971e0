import { describe, expect, it } from 'vitest';
import { tableStatuses } from '../contract/index.js';
import { canChangeStatus, canSeat } from './table-status.js';

describe('table status transitions', () => {
  it('follows the service cycle: available → occupied → cleaning → available', () => {
    expect(canChangeStatus('available', 'occupied')).toBe(true);
    expect(canChangeStatus('occupied', 'cleaning')).toBe(true);
    expect(canChangeStatus('cleaning', 'available')).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(canChangeStatus('cleaning', 'occupied')).toBe(false);
    expect(canChangeStatus('cleaning', 'reserved')).toBe(false);
    expect(canChangeStatus('reserved', 'cleaning')).toBe(false);
    expect(canChangeStatus('occupied', 'reserved')).toBe(false);
  });

  it('never "changes" a status to itself', () => {
    for (const status of tableStatuses) expect(canChangeStatus(status, status)).toBe(false);
  });

  it('seats parties only at available or reserved tables', () => {
    expect(tableStatuses.filter(canSeat)).toEqual(['available', 'reserved']);
  });
});
