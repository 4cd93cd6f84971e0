import type { Checks } from '../menu/form-errors.js';
import type { FloorTable, TableShape } from './floor-data.js';

/** The table editor's fields as typed. */
export interface TableDraft {
  number: string;
  capacity: string;
  area_id: string;
  shape: TableShape | '';
  x: string;
  y: string;
}

export type TableField = keyof TableDraft;

const numberPattern = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,19}$/;
const wholeNumber = (text: string, min: number, max: number) => {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= min && value <= max;
};

export function tableDraft(table: FloorTable | null): TableDraft {
  return {
    number: table?.number ?? '',
    capacity: table ? String(table.capacity) : '4',
    area_id: table?.area_id ?? '',
    shape: table?.position.shape ?? '',
    x: String(table?.position.x ?? 0),
    y: String(table?.position.y ?? 0),
  };
}

/** The floor API's rules, checked before sending. */
export function checkTable(draft: TableDraft): Checks<TableField> {
  const checks: Checks<TableField> = {};
  if (!numberPattern.test(draft.number.trim())) checks.number = 'backoffice.table_number_invalid';
  if (!wholeNumber(draft.capacity, 1, 100)) checks.capacity = 'backoffice.seats_invalid';
  if (!wholeNumber(draft.x, 0, 100_000)) checks.x = 'backoffice.coordinate_invalid';
  if (!wholeNumber(draft.y, 0, 100_000)) checks.y = 'backoffice.coordinate_invalid';
  return checks;
}

export function tableBody(draft: TableDraft, table: FloorTable | null) {
  return {
    number: draft.number.trim(),
    capacity: Number(draft.capacity),
    area_id: draft.area_id || null,
    position: {
      // Keep a plan's sizes the form does not edit.
      ...(table?.position.width !== undefined && { width: table.position.width }),
      ...(table?.position.height !== undefined && { height: table.position.height }),
      x: Number(draft.x),
      y: Number(draft.y),
      ...(draft.shape && { shape: draft.shape }),
    },
  };
}
