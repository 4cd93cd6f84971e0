import type { ReactNode } from 'react';
import type { MessageKey } from '../../ui/i18n.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';

/** What every back office screen gets. */
export interface SectionProps {
  session: StaffSession;
  restaurant: Restaurant;
}

/** One entry of the back office's navigation (sections.tsx lists them). */
export interface Section {
  /** The address under /admin ('' for /admin itself). */
  path: string;
  label: MessageKey;
  Screen: (props: SectionProps) => ReactNode;
}
