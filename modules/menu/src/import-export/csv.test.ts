import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCsvField, parseCsv, serializeCsv } from './csv.js';

const rowsOf = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`row ${result.error.row}: ${result.error.message}`);
  return result.rows;
};

describe('parseCsv', () => {
  it('reads plain records with LF, CRLF or CR line ends, with or without a final line end', () => {
    expect(rowsOf('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rowsOf('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rowsOf('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(rowsOf('name,description\r\n"Tikka, paneer","Say ""hot""\r\nand mean it\nreally"\r\n')).toEqual([
      ['name', 'description'],
      ['Tikka, paneer', 'Say "hot"\r\nand mean it\nreally'],
    ]);
  });

  it('keeps empty fields, empty quoted fields and skips a BOM', () => {
    expect(rowsOf('\ufeffa,,c\n"",x,\n')).toEqual([
      ['a', '', 'c'],
      ['', 'x', ''],
    ]);
    expect(rowsOf('""')).toEqual([['']]);
    expect(rowsOf('')).toEqual([]);
    expect(rowsOf('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('reports malformed quoting with the record number', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({
      ok: false,
      error: { row: 2, message: 'a quoted field is never closed' },
    });
    expect(parseCsv('a\nb\n"x"y\n')).toMatchObject({ ok: false, error: { row: 3 } });
    expect(parseCsv('a\nb"c\n')).toMatchObject({ ok: false, error: { row: 2 } });
  });
});

describe('serializeCsv', () => {
  it('quotes only what needs quoting and ends records with CRLF', () => {
    expect(
      serializeCsv([
        ['a', 'b c', 'd,e'],
        ['say "hi"', 'two\nlines', ''],
      ]),
    ).toBe('a,b c,"d,e"\r\n"say ""hi""","two\nlines",\r\n');
    expect(escapeCsvField('plain')).toBe('plain');
    expect(serializeCsv([['']])).toBe('""\r\n');
  });

  it('round-trips any records (property)', () => {
    const field = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', '\ufeff', 'é') }),
    );
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 });
    fc.assert(
      fc.property(rows, (records) => {
        expect(rowsOf(serializeCsv(records))).toEqual(records);
      }),
      { numRuns: 500 },
    );
  });

  it('parses the same records whatever the line ends or a leading BOM (property)', () => {
    const safe = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1', 'é') });
    const rows = fc.array(fc.array(safe, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(rows, fc.constantFrom('\n', '\r\n'), fc.boolean(), (records, eol, bom) => {
        const text = (bom ? '\ufeff' : '') + records.map((row) => row.join(',')).join(eol) + eol;
        expect(rowsOf(text)).toEqual(records);
      }),
    );
  });
});
