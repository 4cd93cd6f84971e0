import { Dashboard } from './dashboard.js';
import { FloorSection } from './floor/floor-section.js';
import { ReservationsSection } from './floor/reservations-section.js';
import { CountsScreen } from './inventory/counts.js';
import { PurchasingScreen } from './inventory/purchasing.js';
import { RecipeEditor } from './inventory/recipe-editor.js';
import { RecipesScreen } from './inventory/recipes.js';
import { ReportsScreen } from './inventory/reports.js';
import { StockScreen } from './inventory/stock.js';
import { MenuEditor } from './menu/menu-editor.js';
import type { Section } from './section.js';
import { Settings } from './settings.js';
import { Staff } from './staff.js';

/** The back office's sections, in the navigation's order: one file (or folder) each. */
export const sections: Section[] = [
  { path: '', label: 'admin.dashboard', Screen: Dashboard },
  {
    path: 'menu',
    label: 'backoffice.menu',
    // The item editor shows the item's recipes (inventory) beside its variants and modifiers.
    Screen: (props) => <MenuEditor {...props} RecipeEditor={RecipeEditor} />,
  },
  { path: 'floor', label: 'backoffice.floor', Screen: FloorSection },
  { path: 'reservations', label: 'backoffice.reservations', Screen: ReservationsSection },
  { path: 'stock', label: 'inventory.stock', Screen: StockScreen },
  { path: 'recipes', label: 'inventory.recipes', Screen: RecipesScreen },
  { path: 'purchasing', label: 'inventory.purchasing', Screen: PurchasingScreen },
  { path: 'counts', label: 'inventory.counts', Screen: CountsScreen },
  { path: 'reports', label: 'inventory.reports', Screen: ReportsScreen },
  { path: 'staff', label: 'admin.staff', Screen: Staff },
  { path: 'settings', label: 'admin.settings', Screen: Settings },
];

/** The section an address shows (the longest matching path; unknown ones show the dashboard). */
export function sectionFor(pathname: string): Section {
  const rest = pathname.replace(/^\/admin\/?/, '').split('/')[0] ?? '';
  return sections.find((section) => section.path === rest) ?? sections[0]!;
}
