/**
 * A small RFC 4180 CSV reader and writer: comma-separated fields, fields in double quotes may
 * hold commas, quotes (doubled) and line breaks; records end with CRLF or LF (a lone CR too);
 * a leading UTF-8 byte order mark is skipped. No dependencies.
 */

export interface CsvParseError {
  /** The record (1-based, as a spreadsheet numbers rows: the header is row 1) where it went wrong. */
  row: number;
  message: string;
}

export type CsvParseResult = { ok: true; rows: string[][] } | { ok: false; error: CsvParseError };

/**
 * Reads CSV text into records of fields. A trailing line break does not make an empty record;
 * blank lines elsewhere are kept as records with one empty field (callers decide what they mean).
 */
export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  /** Whether the current field was quoted: `""` is a field, an empty line is not. */
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
    quoted = false;
  };
  if (n === 0) return { ok: true, rows };
  while (i < n) {
    const char = text[i]!;
    if (char === '"' && field === '' && !quoted) {
      // A quoted field: runs to the next lone quote.
      i++;
      let closed = false;
      while (i < n) {
        const inner = text[i]!;
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += inner;
        i++;
      }
      if (!closed) {
        return { ok: false, error: { row: rows.length + 1, message: 'a quoted field is never closed' } };
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return {
          ok: false,
          error: {
            row: rows.length + 1,
            message: 'a closing quote must end the field (write "" for a quote)',
          },
        };
      }
      quoted = true;
      continue;
    }
    if (char === ',') {
      row.push(field);
      field = '';
      quoted = false;
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (char === '"') {
      return {
        ok: false,
        error: { row: rows.length + 1, message: 'a quote inside an unquoted field (quote the whole field)' },
      };
    }
    field += char;
    i++;
  }
  if (field !== '' || quoted || row.length > 0) endRecord();
  return { ok: true, rows };
}

const needsQuotes = /[",\r\n]/;

/** Quotes a field when it holds a comma, quote or line break (or starts with a space or BOM-like char). */
export function escapeCsvField(value: string): string {
  if (value === '' || !(needsQuotes.test(value) || value.startsWith('\ufeff'))) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Writes records as CSV with CRLF line ends (RFC 4180), every record ending in CRLF. A record of
 * one empty field is written as `""` so it reads back as a record rather than a blank line.
 */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') out += '""\r\n';
    else out += `${row.map(escapeCsvField).join(',')}\r\n`;
  }
  return out;
}
