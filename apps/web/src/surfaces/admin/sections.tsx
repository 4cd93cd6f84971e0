import type { MessageKey } from '../../ui/i18n.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { Dashboard } from './dashboard.js';
import { MenuAvailability } from './menu-availability.js';

export interface SectionProps {
  session: StaffSession;
  restaurant: Restaurant;
}

export interface Section {
  /** The address under /admin ('' for /admin itself). */
  path: string;
  label: MessageKey;
  Screen: (props: SectionProps) => React.ReactNode;
}

/** The back office's sections, in the navigation's order: one file (or folder) each. */
export const sections: Section[] = [
  { path: '', label: 'admin.dashboard', Screen: Dashboard },
  { path: 'menu', label: 'admin.menu', Screen: MenuAvailability },
];

/** The section an address shows (the longest matching path; unknown ones show the dashboard). */
export function sectionFor(pathname: string): Section {
  const rest = pathname.replace(/^\/admin\/?/, '').split('/')[0] ?? '';
  return sections.find((section) => section.path === rest) ?? sections[0]!;
}
