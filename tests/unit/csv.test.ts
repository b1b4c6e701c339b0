// The CSV reader: RFC 4180 quoting, every kind of line end, and errors that say where.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvError, csvHeader, parseCsv } from '../../src/lib/importers/readers/csv';

const REAL = 'tests/fixtures/real/mlflow-csv';

describe('parseCsv', () => {
  it('reads a header and rows, with or without a final line end', () => {
    const expected = { header: ['a', 'b'], rows: [['1', '2']], lines: [2], headerLine: 1 };
    expect(parseCsv('a,b\n1,2\n')).toEqual(expected);
    expect(parseCsv('a,b\n1,2')).toEqual(expected);
  });

  it('accepts LF, CRLF and CR line ends, even mixed, and counts lines for each', () => {
    const t = parseCsv('h\r\none\rtwo\nthree\r\nfour');
    expect(t.rows).toEqual([['one'], ['two'], ['three'], ['four']]);
    expect(t.lines).toEqual([2, 3, 4, 5]);
  });

  it('keeps delimiters, doubled quotes and line ends inside quoted fields', () => {
    const t = parseCsv('k,v\n"a,b","say ""hi"""\n"x\r\ny\nz",2\nlast,""\n');
    expect(t.rows).toEqual([
      ['a,b', 'say "hi"'],
      ['x\r\ny\nz', '2'],
      ['last', '']
    ]);
    // The field on line 3 spans three lines, so the next record is on line 6.
    expect(t.lines).toEqual([2, 3, 6]);
  });

  it('drops a byte-order mark, so the first column name is clean', () => {
    expect(parseCsv('\uFEFFrun_id,x\nr1,1').header).toEqual(['run_id', 'x']);
  });

  it('keeps empty fields, including one after a trailing delimiter', () => {
    expect(parseCsv('a,b,c\n,,\n1,,').rows).toEqual([
      ['', '', ''],
      ['1', '', '']
    ]);
  });

  it('skips empty lines between and after records', () => {
    const t = parseCsv('a\n\n1\r\n\r\n2\n\n');
    expect(t.rows).toEqual([['1'], ['2']]);
    expect(t.lines).toEqual([3, 5]);
  });

  it('keeps a quote that sits inside an unquoted field', () => {
    expect(parseCsv('a\n5" screen').rows).toEqual([['5" screen']]);
  });

  it('reads an empty text as no header and no rows, and a header alone as no rows', () => {
    expect(parseCsv('')).toMatchObject({ header: [], rows: [] });
    expect(parseCsv('run_id,experiment_id\n')).toMatchObject({
      header: ['run_id', 'experiment_id'],
      rows: []
    });
  });

  it('names the line where a never-closed quote opened', () => {
    const text = 'a,b\n1,2\n3,"open\nstill open\nto the end\n';
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(
      'line 3: the quote that opens field 2 is never closed (the text ends inside it)'
    );
  });

  it('rejects text after a closing quote, naming line and field', () => {
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(
      'line 2: field 2 has text after its closing quote'
    );
  });

  it('reads another delimiter when asked', () => {
    expect(parseCsv('a;b\n"1;5";2', { delimiter: ';' }).rows).toEqual([['1;5', '2']]);
  });

  it('keeps line numbers right through very long quoted fields', () => {
    const long = `"${'""\n'.repeat(100_000)}"`;
    const t = parseCsv(`a,b\n${long},x\ny,z\n`);
    expect(t.rows[0]![0]).toBe('"\n'.repeat(100_000));
    expect(t.rows[0]![1]).toBe('x');
    expect(t.lines).toEqual([2, 100_003]);
  });

  it('reads the real search_runs export as Python csv does: 109 rows of 80 fields', () => {
    const text = readFileSync(`${REAL}/hakathon-room-cv-search-runs/mlflow_runs.csv`, 'utf8');
    const t = parseCsv(text);
    expect(t.header).toHaveLength(80);
    expect(t.rows).toHaveLength(109);
    expect(new Set(t.rows.map((r) => r.length))).toEqual(new Set([80]));
  });
});

describe('csvHeader', () => {
  it('reads the first record of a head that was cut inside a quoted field', () => {
    expect(csvHeader('run_id,"experiment_id"\nabc,"half a fie')).toEqual([
      'run_id',
      'experiment_id'
    ]);
    expect(csvHeader('"Start Time","Dur')).toEqual(['Start Time', 'Dur']);
  });

  it('gives an empty header for text that is not CSV at all, instead of throwing', () => {
    expect(csvHeader('"a"b')).toEqual([]);
  });
});
