import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveFeed } from '../../../ui/realtime.js';
import type { StaffSession } from '../../../ui/staff.js';

/** How long a burst of events (a seating emits three) is gathered into one refetch. */
const burstMs = 1_000;

/**
 * Keeps a back-office screen current while others work: events of one module on the staff feed
 * (`menu.`, `floor.`) refetch its queries, once per burst. The staff feed carries every order
 * event too, so the filter matters: the per-user rate limit is shared with the whole screen.
 */
export function useLiveRefresh(session: StaffSession, eventPrefix: string, queryKey: readonly unknown[]) {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useLiveFeed(session.api.freshToken, ['staff'], [], (event) => {
    if (!event.type.startsWith(eventPrefix)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void client.invalidateQueries({ queryKey }), burstMs);
  });
}
