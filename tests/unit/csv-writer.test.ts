// The CSV writer: RFC 4180 quoting, CRLF, numbers that round-trip, and formula neutralisation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, type CsvCell } from '../../src/lib/export/csv-writer';
import { parseCsv } from '../../src/lib/importers/readers/csv';

/** A minimal RFC 4180 reader, independent of the app's, for round trips: CRLF records only. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unclosed quote');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    }
    if (text.startsWith('\r\n', i)) {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else if (text[i] === ',') {
      fields.push(field);
      field = '';
      i++;
    } else {
      field += text[i];
      i++;
    }
  }
  if (fields.length > 0 || field !== '') throw new Error('last record without CRLF');
  return records;
}

describe('csvCell', () => {
  it('writes numbers with full precision, unescaped, and keeps the special values', () => {
    expect(csvCell(1.5)).toBe('1.5');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell(1e21)).toBe('1e+21');
    expect(csvCell(-1e-7)).toBe('-1e-7');
    expect(csvCell(NaN)).toBe('NaN');
    expect(csvCell(Infinity)).toBe('Infinity');
    expect(csvCell(-Infinity)).toBe('-Infinity');
    expect(csvCell(-0)).toBe('-0');
    expect(csvCell(0)).toBe('0');
    for (const n of [0.1 + 0.2, -1e-7, 123456789.12345679, -0, Number.MIN_VALUE]) {
      expect(Object.is(Number(csvCell(n)), n)).toBe(true);
    }
  });

  it('writes null and undefined as empty fields', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('leaves plain text alone', () => {
    expect(csvCell('resnet-50')).toBe('resnet-50');
    expect(csvCell('a b')).toBe('a b');
    expect(csvCell("it's")).toBe("it's");
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('-Infinity')).toBe("'-Infinity");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // The prefixed text still needs quotes for its CR.
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
  });

  it('leaves text that is a plain number alone', () => {
    for (const text of ['-0.5', '+3', '-1e-5', '-2.5', '-.5', '+1.', '-7E+3', '-0']) {
      expect(csvCell(text)).toBe(text);
    }
  });

  it('quotes delimiters, quotes, line ends and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('"')).toBe('""""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('padded ')).toBe('"padded "');
    expect(csvCell(' ')).toBe('" "');
  });
});

describe('toCsv', () => {
  it('writes a header and rows with CRLF after every record', () => {
    expect(
      toCsv(
        ['run', 'lr', 'loss'],
        [
          ['a', 0.01, 1.5],
          ['b', null, undefined]
        ]
      )
    ).toBe('run,lr,loss\r\na,0.01,1.5\r\nb,,\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });

  it('neutralises and quotes header cells too', () => {
    expect(toCsv(['=cmd', 'a,b'], [])).toBe('\'=cmd,"a,b"\r\n');
  });

  it('keeps a record of one empty field from becoming a blank line', () => {
    expect(toCsv(['x'], [[''], [null], ['v']])).toBe('x\r\n""\r\n""\r\nv\r\n');
    expect(parseCsv(toCsv(['x'], [[''], [null], ['v']])).rows).toEqual([[''], [''], ['v']]);
  });

  it('takes any iterable of rows', () => {
    function* rows(): Generator<CsvCell[]> {
      yield [1, 'one'];
      yield [2, 'two'];
    }
    expect(toCsv(['n', 'name'], rows())).toBe('n,name\r\n1,one\r\n2,two\r\n');
  });

  it('round-trips hostile text, embedded line ends and quotes', () => {
    const header = ['name', 'note', 'value'];
    const rows: CsvCell[][] = [
      ['=HYPERLINK("http://x","y")', '@SUM(1)', -2.5],
      ['-2+3', '-2.5', -0],
      ['multi\nline\r\nnote', 'say "hi", then go', NaN],
      [' lead', 'trail ', null],
      ['', '+3', 1e-300]
    ];
    const text = toCsv(header, rows);
    const expected = [
      header,
      ['\'=HYPERLINK("http://x","y")', "'@SUM(1)", '-2.5'],
      ["'-2+3", '-2.5', '-0'],
      ['multi\nline\r\nnote', 'say "hi", then go', 'NaN'],
      [' lead', 'trail ', ''],
      ['', '+3', '1e-300']
    ];
    expect(readCsv(text)).toEqual(expected);
    // The app's own reader agrees.
    const table = parseCsv(text);
    expect([table.header, ...table.rows]).toEqual(expected);
  });

  it('round-trips any text: unchanged, or with one leading quote when formula-like', () => {
    const formulaLike = (t: string) =>
      /^[=+\-@\t\r]/.test(t) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t);
    const texts = fc.oneof(
      fc.string(),
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', '"', ',', '\n', ' ', '-1.5')
    );
    const cells = fc.array(texts, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
    const rows = fc.array(fc.array(cells, { minLength: 2, maxLength: 4 }), { maxLength: 5 });
    fc.assert(
      fc.property(rows, (rows) => {
        const back = readCsv(toCsv(['a', 'b'], rows)).slice(1);
        expect(back).toEqual(rows.map((row) => row.map((t) => (formulaLike(t) ? `'${t}` : t))));
      })
    );
  });
});
