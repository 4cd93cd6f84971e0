import { useQuery } from '@tanstack/react-query';
import type { StaffSession } from './staff.js';

export interface Restaurant {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  currency: string;
  is_active: boolean;
}

/** The signed-in staff member's restaurant: its currency and time zone format every screen. */
export function useRestaurant(session: StaffSession) {
  const tenantId = session.tokens?.user.tenant_id;
  return useQuery({
    queryKey: ['restaurant', tenantId],
    queryFn: () => session.api.get<Restaurant>(`/restaurants/${tenantId}`),
    enabled: Boolean(tenantId),
    staleTime: 5 * 60_000,
  });
}

/** Today's business date (YYYY-MM-DD) in the restaurant's time zone. */
export function businessDate(timeZone: string, at = new Date()) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
