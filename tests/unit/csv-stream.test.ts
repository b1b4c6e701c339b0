// The CSV reader over slices gives the records, lines and errors of the whole-text reader,
// wherever the slices cut the text.
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvError, type CsvRecord } from '../../src/lib/importers/readers/csv';
import { CsvSliceReader } from '../../src/lib/importers/readers/csv-stream';

const utf8 = new TextEncoder();

function readSliced(text: string, sliceBytes: number): { records: CsvRecord[]; text: string } {
  const bytes = utf8.encode(text);
  const pieces: string[] = [];
  const csv = new CsvSliceReader(
    (offset, length) => bytes.subarray(offset, offset + length),
    bytes.byteLength,
    sliceBytes,
    (t) => pieces.push(t)
  );
  const records: CsvRecord[] = [];
  for (let r = csv.next(); r; r = csv.next()) records.push(r);
  return { records, text: pieces.join('') };
}

/** parseCsv's answer as records with their lines. */
function whole(text: string): CsvRecord[] {
  const t = parseCsv(text);
  if (t.header.length === 0) return [];
  return [
    { fields: t.header, line: t.headerLine },
    ...t.rows.map((fields, i) => ({ fields, line: t.lines[i]! }))
  ];
}

const TRICKY = [
  // BOM, CRLF, a quoted field with a CRLF, a comma and doubled quotes inside, an empty line.
  '\uFEFFa,b,c\r\n1,"two\r\nlines, ""quoted""",3\r\n\r\n4,,"6"\r\n',
  // LF only, empty quoted fields, a quote in an unquoted field, no line end at the end.
  'x,y\n"",""\nab"c,d\n\n\n"last","row"',
  // CR alone as a line end, a trailing delimiter, multi-byte characters cut between slices.
  'k,v\rα,β€\r"名前","😀,😀"\rend,\r',
  // A field of only doubled quotes, a record ending right after a closing quote.
  'q\n""""\n"a""b"\n'
];

describe('CsvSliceReader', () => {
  it('gives the records and lines of parseCsv at every slice size', () => {
    for (const text of TRICKY) {
      const expected = whole(text);
      for (let size = 1; size <= utf8.encode(text).byteLength + 1; size++) {
        const { records, text: decoded } = readSliced(text, size);
        expect(records, `slice ${size} of ${JSON.stringify(text)}`).toEqual(expected);
        // The pieces it decoded are the text as TextDecoder reads it whole (BOM dropped).
        expect(decoded).toBe(new TextDecoder().decode(utf8.encode(text)));
      }
    }
  });

  it('reports an unclosed quote and text after a quote on the same lines as parseCsv', () => {
    for (const text of ['a,b\n1,"open\n\nstill open', 'a,b\n1,2\n"x"y,3\n']) {
      let wanted = '';
      try {
        parseCsv(text);
      } catch (e) {
        wanted = (e as CsvError).message;
      }
      expect(wanted).not.toBe('');
      for (const size of [1, 2, 3, 5, 64]) {
        expect(() => readSliced(text, size), `slice ${size}`).toThrow(wanted);
      }
    }
  });

  it('holds back at most one unfinished record, however long the file', () => {
    const row = '1,"a\nb",3\n';
    const text = 'x,y,z\n' + row.repeat(5_000);
    const bytes = utf8.encode(text);
    let held = 0;
    const csv = new CsvSliceReader(
      (offset, length) => bytes.subarray(offset, offset + length),
      bytes.byteLength,
      7
    );
    let count = 0;
    for (let r = csv.next(); r; r = csv.next()) {
      count++;
      held = Math.max(held, csv.pendingLength);
    }
    expect(count).toBe(5_001);
    expect(csv.bytesRead).toBe(bytes.byteLength);
    // A record (10 characters) plus what one slice of 7 bytes adds, never the file's 50,006.
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(row.length + 7);
  });
});
