import type { MenuDocument } from '../contract/import-export.js';
import { serializeCsv } from './csv.js';
import { csvColumns } from './import-input.js';
import { formatMinor } from './money-text.js';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula ("CSV
 * injection"). Such cells are written behind an apostrophe, which spreadsheets hide and
 * collectCsv (import-input.ts) removes again, so the text round-trips. A cell already starting
 * with apostrophes before such a character gets one more, so it round-trips too.
 */
const formulaStart = /^'*[=+\-@\t\r]/;
export const protectCell = (cell: string) => (formulaStart.test(cell) ? `'${cell}` : cell);

/**
 * The menu as CSV: a header row, then one row per item, categories in their order. Prices are
 * decimal strings in major units with the currency's decimals (349.00); lists are `;`-separated;
 * variants are `Half:199.00;Full:349.00`; modifier groups are named. Category descriptions and
 * modifier group definitions do not fit one row per item: the JSON export carries them.
 */
export function menuToCsv(document: MenuDocument, exponent: number): string {
  const money = (minor: number | null) => (minor === null ? '' : formatMinor(minor, exponent));
  const rows: string[][] = [[...csvColumns]];
  for (const category of document.categories) {
    for (const item of category.items) {
      const cells: Record<(typeof csvColumns)[number], string> = {
        category: category.name,
        name: item.name,
        description: item.description ?? '',
        price: money(item.price),
        cost_price: money(item.cost_price),
        tax_category: item.tax_category ?? '',
        station: item.station ?? '',
        prep_time_seconds: item.prep_time_seconds === null ? '' : String(item.prep_time_seconds),
        allergens: item.allergens.join(';'),
        dietary_tags: item.dietary_tags.join(';'),
        is_available: String(item.is_available),
        variants: item.variants.map((variant) => `${variant.name}:${money(variant.price)}`).join(';'),
        modifier_groups: item.modifier_groups.join(';'),
        image_url: item.image_url ?? '',
      };
      rows.push(csvColumns.map((column) => protectCell(cells[column])));
    }
  }
  return serializeCsv(rows);
}
