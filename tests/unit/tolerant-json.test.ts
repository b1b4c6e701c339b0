// The tolerant JSON parser: Python's bare NaN/Infinity tokens, nothing else beyond JSON, and errors
// that say where the text breaks.
import { describe, expect, it } from 'vitest';
import { parseTolerantJson } from '../../src/lib/importers/readers/tolerant-json';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';

function errorOf(text: string): Error {
  try {
    parseTolerantJson(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseTolerantJson', () => {
  it('reads the bare tokens Python writes as numbers', () => {
    const list = parseTolerantJson('[NaN, -Infinity, Infinity, 1.5]') as number[];
    expect(list.map((v) => String(v))).toEqual(['NaN', '-Infinity', 'Infinity', '1.5']);
  });

  it('leaves quoted "NaN" as text', () => {
    expect(parseTolerantJson('{"a": "NaN"}')).toEqual({ a: 'NaN' });
    // Also when the fallback parser runs because of a bare token elsewhere.
    expect(parseTolerantJson('{"a": "NaN", "b": NaN}')).toEqual({ a: 'NaN', b: NaN });
  });

  it('finds the tokens in nested values and leaves text containing them alone', () => {
    const doc = parseTolerantJson(
      '{"metrics": {"loss": [{"value": NaN, "step": 0}, {"value": -Infinity, "step": 1}]},\n' +
        ' "note": "say \\"NaN\\", Infinity, -Infinity \\\\", "k\\u00e9y": [[Infinity]]}'
    ) as { metrics: { loss: { value: number }[] }; note: string; kéy: number[][] };
    expect(doc.metrics.loss.map((p) => p.value)).toEqual([NaN, -Infinity]);
    expect(doc.note).toBe('say "NaN", Infinity, -Infinity \\');
    expect(doc.kéy).toEqual([[Infinity]]);
  });

  it('reads standard JSON exactly as JSON.parse does, also on the fallback path', () => {
    const docs = [
      '{"a": [1, -0, 0.5, 1e-7, 2E+3, -12.5e2, true, false, null, {}, [], ""]}',
      '"tab\\tquote\\"slash\\/back\\\\u\\u00e9\\ud83d\\ude00\\b\\f\\n\\r"',
      ' \n\t{"nested": {"deeper": [{"x": "y"}]}, "dup": 1, "dup": 2} \r\n',
      '12345678901234567890',
      '"é€😀 raw unicode"'
    ];
    for (const doc of docs) {
      // The trailing NaN makes JSON.parse fail, so the hand-written parser reads `doc`.
      const [viaFallback] = parseTolerantJson(`[${doc}, NaN]`) as unknown[];
      expect(viaFallback).toEqual(JSON.parse(doc));
      expect(Object.is((viaFallback as { a?: unknown[] }).a?.[1], -0)).toBe(doc.includes('-0,'));
    }
  });

  it('keeps a member called __proto__ as data, never as the prototype', () => {
    const doc = parseTolerantJson('{"__proto__": {"polluted": true}, "v": NaN}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(doc)).toEqual(['__proto__', 'v']);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect((doc as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('rejects what Python does not write: lowercase, signed or unquoted-key tokens', () => {
    for (const text of ['[nan]', '[-NaN]', '[+Infinity]', '{NaN: 1}', '[NaNa]', '[Infinit]']) {
      expect(errorOf(text), text).toBeInstanceOf(SyntaxError);
    }
  });

  it('says on which line and column the JSON breaks', () => {
    // An unclosed string, as in a sample file of mlflow-export-import.
    const broken =
      '{\n  "tags": {\n    "created": "2022-12-15 02:17:4555\n    "v": "2.0.1"\n  }\n}';
    const e = errorOf(broken);
    expect(e).toBeInstanceOf(SyntaxError);
    expect(e.message).toContain('line 3, column 38');
    expect(e.message).toContain('line break inside a text value');

    expect(errorOf('[1, 2,]').message).toMatch(/expected a value.*line 1, column 7/);
    expect(errorOf('{"a": NaN,\n "b": 1,\n}').message).toMatch(/member name.*line 3, column 1/);
    expect(errorOf('{"a": 1} x').message).toMatch(/after the JSON value.*line 1, column 10/);
    expect(errorOf('{"a": [NaN').message).toMatch(/end of the text at line 1, column 11/);
    expect(errorOf('').message).toMatch(/line 1, column 1/);
    expect(errorOf('"bad \\x escape"').message).toMatch(/bad escape.*line 1, column 6/);
    expect(errorOf('"open').message).toMatch(/not closed.*line 1, column 1/);
    expect(errorOf('[01]').message).toMatch(/line 1, column 3/);
  });

  it('reads very deep nesting without running out of stack', () => {
    const depth = 100_000;
    let value = parseTolerantJson(`${'['.repeat(depth)}NaN${']'.repeat(depth)}`);
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];
    expect(value).toBeNaN();
  });

  it('reads a large file with many tokens in one pass', () => {
    const n = 200_000;
    const parts = Array.from({ length: n }, (_, i) =>
      i % 3 === 0 ? 'NaN' : i % 3 === 1 ? `"NaN \\" ${i}"` : String(i)
    );
    const list = parseTolerantJson(`[${parts.join(',')}]`) as unknown[];
    expect(list.length).toBe(n);
    expect(list.filter((v) => typeof v === 'number' && Number.isNaN(v)).length).toBe(
      Math.ceil(n / 3)
    );
    expect(list[1]).toBe('NaN " 1');
  });
});

describe('ImportSource.json', () => {
  it('names the file and the place when the JSON is broken', async () => {
    const bytes = new TextEncoder().encode('{\n "a": [1,,2]\n}');
    const source = new ImportSource(sourceFromBytes('exports/run.json', bytes));
    await expect(source.json()).rejects.toThrow(
      /^exports\/run\.json: is not valid JSON \(.*line 2, column 10\)$/
    );
  });

  it('parses each source once', async () => {
    let reads = 0;
    const bytes = new TextEncoder().encode('{"v": NaN}');
    const source = new ImportSource({
      ...sourceFromBytes('x.json', bytes),
      read: () => {
        reads++;
        return Promise.resolve(bytes);
      }
    });
    const first = await source.json();
    expect(await source.json()).toBe(first);
    expect(reads).toBe(1);
  });
});
