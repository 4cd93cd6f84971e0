import type { FieldError } from '@brigade/kernel';
import { z } from 'zod';
import { menuDocumentFormat } from '../contract/import-export.js';
import { createCategorySchema, createItemSchema, createModifierGroupSchema } from '../contract/index.js';
import type { NewItemValues } from '../db/item-writes.js';
import { resolveSelection, type SelectionRules } from '../domain/modifier-rules.js';
import { parseCsv } from './csv.js';
import { parseMajor } from './money-text.js';

/** See menu-csv.ts: a leading apostrophe shields a formula-like cell from spreadsheets. */
const readCsvCell = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/**
 * Both import formats become one shape, checked without the database: every field by the same
 * Zod rules the item, category and modifier-group endpoints use, modifier rules by the domain's
 * resolveSelection. Each entry carries `at`, where the user finds it: `row 7` in a CSV file
 * (the header is row 1), `categories.0.items.2` in a JSON document.
 */

export interface ItemValues extends NewItemValues {
  position: number;
  variants: { name: string; price: number }[];
  /** Modifier group names, in order. */
  modifier_groups: string[];
}

export interface ImportedItem {
  at: string;
  category: string;
  name: string;
  /** Only what the file states: on an update, absent fields (CSV columns left out) stay as they are. */
  values: Partial<ItemValues>;
}

export interface ImportedCategory {
  at: string;
  name: string;
  description?: string | null;
  position?: number;
}

export interface ImportedOption {
  name: string;
  price_delta: number;
  is_available?: boolean | undefined;
  opens_group: string | null;
}

export interface ImportedGroup {
  at: string;
  name: string;
  rules: SelectionRules;
  options: ImportedOption[];
}

export interface ImportInput {
  currency?: string | undefined;
  categories: ImportedCategory[];
  items: ImportedItem[];
  /** Null when the format cannot carry modifier groups (CSV): items then name existing ones. */
  groups: ImportedGroup[] | null;
}

export interface Collected {
  input: ImportInput;
  errors: FieldError[];
}

/** The CSV columns, in export order. */
export const csvColumns = [
  'category',
  'name',
  'description',
  'price',
  'cost_price',
  'tax_category',
  'station',
  'prep_time_seconds',
  'allergens',
  'dietary_tags',
  'is_available',
  'variants',
  'modifier_groups',
  'image_url',
] as const;
export type CsvColumn = (typeof csvColumns)[number];
export const requiredCsvColumns: readonly CsvColumn[] = ['category', 'name', 'price'];

const placeholderId = '00000000-0000-7000-8000-000000000000';
export const nameKey = (name: string) => name.trim().toLowerCase();

/** Validates an item's stated fields with the item endpoint's own schema; adds errors under `at`. */
function checkItem(
  at: string,
  name: string,
  stated: Record<string, unknown>,
  fieldOf: (path: PropertyKey[]) => string,
  errors: FieldError[],
): Partial<ItemValues> | null {
  const parsed = createItemSchema.safeParse({ category_id: placeholderId, price: 0, ...stated, name });
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = `${at}.${fieldOf(issue.path)}`;
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message: issue.message });
    }
    return null;
  }
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(stated)) {
    if (key in parsed.data) values[key] = (parsed.data as Record<string, unknown>)[key];
  }
  return values as Partial<ItemValues>;
}

function checkCategoryName(at: string, field: string, name: string, errors: FieldError[]): string | null {
  const parsed = createCategorySchema.shape.name.safeParse(name);
  if (parsed.success) return parsed.data;
  errors.push({ field: `${at}.${field}`, message: parsed.error.issues[0]?.message ?? 'is invalid' });
  return null;
}

function checkDuplicateItems(items: ImportedItem[], errors: FieldError[]) {
  const first = new Map<string, string>();
  for (const item of items) {
    const key = nameKey(item.name);
    const seen = first.get(key);
    if (seen)
      errors.push({
        field: `${item.at}.name`,
        message: `duplicate item name '${item.name}' (also at ${seen})`,
      });
    else first.set(key, item.at);
  }
}

// ------------------------------------------------------------------------------------- CSV

const splitList = (cell: string) =>
  cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

/** CSV text (header row first) → the import shape; `exponent` is the currency's decimal places. */
export function collectCsv(text: string, exponent: number): Collected {
  const errors: FieldError[] = [];
  const input: ImportInput = { categories: [], items: [], groups: null };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    errors.push({ field: `row ${parsed.error.row}`, message: parsed.error.message });
    return { input, errors };
  }
  const [header, ...rows] = parsed.rows;
  if (!header || (header.length === 1 && header[0]!.trim() === '')) {
    errors.push({ field: 'row 1', message: `the header row is missing; expected ${csvColumns.join(',')}` });
    return { input, errors };
  }
  const index = new Map<CsvColumn, number>();
  header.forEach((raw, i) => {
    const column = raw.trim().toLowerCase() as CsvColumn;
    if (!csvColumns.includes(column)) {
      errors.push({ field: `row 1.${raw.trim() || `column ${i + 1}`}`, message: 'unknown column' });
    } else if (index.has(column)) {
      errors.push({ field: `row 1.${column}`, message: 'column appears twice' });
    } else {
      index.set(column, i);
    }
  });
  for (const column of requiredCsvColumns) {
    if (!index.has(column)) errors.push({ field: `row 1.${column}`, message: 'missing required column' });
  }
  if (errors.length > 0) return { input, errors };

  const categories = new Map<string, ImportedCategory>();
  rows.forEach((cells, i) => {
    const row = `row ${i + 2}`;
    if (cells.every((cell) => cell.trim() === '')) return;
    const cell = (column: CsvColumn): string | undefined => {
      const at = index.get(column);
      return at === undefined ? undefined : readCsvCell(cells[at] ?? '');
    };
    const fail = (column: string, message: string) => errors.push({ field: `${row}.${column}`, message });
    if (cells.length > header.length) fail(`column ${header.length + 1}`, 'more fields than the header has');
    const before = errors.length;

    const categoryName = cell('category')!.trim();
    let category: string | null = null;
    if (categoryName === '') fail('category', 'required');
    else category = checkCategoryName(row, 'category', categoryName, errors);
    const name = cell('name')!.trim();
    if (name === '') fail('name', 'required');

    const stated: Record<string, unknown> = {};
    const text = (column: CsvColumn) => {
      const value = cell(column);
      if (value !== undefined) stated[column] = value.trim() === '' ? null : value;
    };
    const money = (column: 'price' | 'cost_price', nullable: boolean) => {
      const value = cell(column);
      if (value === undefined) return;
      if (value.trim() === '') {
        if (nullable) stated[column] = null;
        else fail(column, 'required');
        return;
      }
      const amount = parseMajor(value, exponent);
      if (amount.ok) stated[column] = amount.minor;
      else fail(column, amount.message);
    };
    money('price', false);
    money('cost_price', true);
    text('description');
    text('tax_category');
    text('station');
    text('image_url');
    if (stated.tax_category !== undefined && stated.tax_category !== null) {
      stated.tax_category = String(stated.tax_category).trim();
    }
    if (stated.station !== undefined && stated.station !== null)
      stated.station = String(stated.station).trim();
    const prep = cell('prep_time_seconds');
    if (prep !== undefined) {
      if (prep.trim() === '') stated.prep_time_seconds = null;
      else if (/^\d{1,9}$/.test(prep.trim())) stated.prep_time_seconds = Number(prep.trim());
      else fail('prep_time_seconds', 'whole seconds, e.g. 600');
    }
    for (const column of ['allergens', 'dietary_tags'] as const) {
      const value = cell(column);
      if (value !== undefined) stated[column] = splitList(value);
    }
    const available = cell('is_available');
    if (available !== undefined && available.trim() !== '') {
      const flag = booleans[available.trim().toLowerCase()];
      if (flag === undefined) fail('is_available', 'true or false');
      else stated.is_available = flag;
    }
    const variants = cell('variants');
    if (variants !== undefined) {
      const list: { name: string; price: number }[] = [];
      for (const part of splitList(variants)) {
        const colon = part.lastIndexOf(':');
        if (colon <= 0) {
          fail('variants', `'${part}' needs a name and a price, e.g. Half:${'199.00'}`);
          continue;
        }
        const amount = parseMajor(part.slice(colon + 1), exponent);
        if (!amount.ok) fail('variants', `'${part}': ${amount.message}`);
        else list.push({ name: part.slice(0, colon).trim(), price: amount.minor });
      }
      stated.variants = list;
    }
    let groups: string[] | undefined;
    const groupCell = cell('modifier_groups');
    if (groupCell !== undefined) {
      groups = splitList(groupCell);
      if (new Set(groups.map(nameKey)).size !== groups.length)
        fail('modifier_groups', 'each group may appear once');
    }
    if (errors.length > before || category === null) return;
    const values = checkItem(row, name, stated, (path) => String(path[0] ?? '(row)'), errors);
    if (!values) return;
    if (groups !== undefined) values.modifier_groups = groups;
    const key = nameKey(category);
    if (!categories.has(key)) categories.set(key, { at: row, name: category });
    input.items.push({ at: row, category: categories.get(key)!.name, name, values });
  });
  input.categories = [...categories.values()];
  checkDuplicateItems(input.items, errors);
  return { input, errors };
}

// ------------------------------------------------------------------------------------ JSON

const jsonDocument = z
  .object({
    format: z.literal(menuDocumentFormat).optional(),
    version: z.literal(1).optional(),
    currency: z.string().optional(),
    exported_at: z.string().optional(),
    restaurant: z.unknown().optional(),
    categories: z.array(
      z
        .object({
          name: z.string(),
          description: z.string().nullable().optional(),
          position: z.number().int().min(0).max(100_000).optional(),
          items: z.array(
            z.looseObject({ name: z.string(), modifier_groups: z.array(z.string()).optional() }),
          ),
        })
        .strict(),
    ),
    modifier_groups: z
      .array(
        z.looseObject({
          name: z.string(),
          options: z
            .array(
              z.looseObject({
                name: z.string(),
                opens_group: z.string().nullable().optional(),
              }),
            )
            .optional(),
        }),
      )
      .optional(),
  })
  .strict();

const pathOf = (path: PropertyKey[]) => path.map(String).join('.');

/** The JSON document (see contract.ts) → the import shape. */
export function collectJson(document: unknown): Collected {
  const errors: FieldError[] = [];
  const input: ImportInput = { categories: [], items: [], groups: null };
  const parsed = jsonDocument.safeParse(document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ field: pathOf(issue.path) || '(document)', message: issue.message });
    }
    return { input, errors };
  }
  const doc = parsed.data;
  input.currency = doc.currency;
  const categoryNames = new Map<string, string>();
  doc.categories.forEach((raw, c) => {
    const at = `categories.${c}`;
    const name = checkCategoryName(at, 'name', raw.name, errors);
    const description = createCategorySchema.shape.description.safeParse(raw.description ?? null);
    if (!description.success) errors.push({ field: `${at}.description`, message: 'at most 1000 characters' });
    if (name === null) return;
    const seen = categoryNames.get(nameKey(name));
    if (seen) {
      errors.push({ field: `${at}.name`, message: `duplicate category name '${name}' (also at ${seen})` });
      return;
    }
    categoryNames.set(nameKey(name), at);
    input.categories.push({
      at,
      name,
      ...(raw.description !== undefined && { description: raw.description }),
      ...(raw.position !== undefined && { position: raw.position }),
    });
    raw.items.forEach((item, i) => {
      const itemAt = `${at}.items.${i}`;
      const { name: itemName, modifier_groups: groups, ...stated } = item;
      if (groups && new Set(groups.map(nameKey)).size !== groups.length) {
        errors.push({ field: `${itemAt}.modifier_groups`, message: 'each group may appear once' });
      }
      const values = checkItem(itemAt, itemName, stated, pathOf, errors);
      if (!values) return;
      if (groups) values.modifier_groups = groups.map((group) => group.trim());
      input.items.push({ at: itemAt, category: name, name: itemName.trim(), values });
    });
  });
  checkDuplicateItems(input.items, errors);

  if (doc.modifier_groups) {
    input.groups = [];
    const groupNames = new Map<string, string>();
    doc.modifier_groups.forEach((raw, g) => {
      const at = `modifier_groups.${g}`;
      const options = raw.options ?? [];
      const { options: _options, ...rest } = raw;
      const parsedGroup = createModifierGroupSchema.safeParse({
        ...rest,
        options: options.map(({ opens_group: _opens, ...option }) => option),
      });
      if (!parsedGroup.success) {
        for (const issue of parsedGroup.error.issues) {
          errors.push({ field: `${at}.${pathOf(issue.path)}`, message: issue.message });
        }
        return;
      }
      const rules = resolveSelection(null, parsedGroup.data);
      if (!rules.ok) {
        for (const error of rules.errors)
          errors.push({ field: `${at}.${error.field}`, message: error.message });
        return;
      }
      const seen = groupNames.get(nameKey(parsedGroup.data.name));
      if (seen) {
        errors.push({ field: `${at}.name`, message: `duplicate modifier group name (also at ${seen})` });
        return;
      }
      groupNames.set(nameKey(parsedGroup.data.name), at);
      input.groups!.push({
        at,
        name: parsedGroup.data.name,
        rules: rules.rules,
        options: parsedGroup.data.options.map((option, o) => ({
          name: option.name,
          price_delta: option.price_delta,
          is_available: option.is_available,
          opens_group: options[o]?.opens_group?.trim() || null,
        })),
      });
    });
  }
  return { input, errors };
}
