import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  decodeShareLink,
  encodeShareLink,
  toWire,
  type SharePayload
} from '../../../src/lib/share/share-codec';
import { payloadToBatch } from '../../../src/lib/share/share-build';
import { m4Indices } from '../../../src/lib/share/share-reduce';

function payload(overrides: Partial<SharePayload['runs'][number]> = {}): SharePayload {
  return {
    settings: { charts: ['loss'], smoothing: { kind: 'ema', weight: 0.6 } },
    experiments: [{ id: 'e1', name: 'grid <b>search</b>' }],
    runs: [
      {
        id: 'r1',
        experimentId: 'e1',
        name: '<img src=x onerror=alert(1)>',
        status: 'FINISHED',
        startTime: 1_700_000_000_000,
        endTime: null,
        parentId: null,
        params: [
          ['__proto__', 'polluted?'],
          ['lr', '0.001']
        ],
        tags: [['mlflow.note.content', '# Notes\n<script>alert(1)</script>']],
        series: [
          {
            key: 'loss',
            summary: [4, 0.25, 3, 0.25, NaN, 1, 0].map(toWire),
            steps: Float64Array.from([0, 1, 2, 3]),
            values: Float64Array.from([1, NaN, -Infinity, 0.25]),
            timestamps: Float64Array.from([
              1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_500, 1_700_000_003_000
            ])
          },
          {
            key: 'acc',
            summary: [1, 0.5, 0, 0.5, 0.5, 0.5, 0].map(toWire),
            steps: Float64Array.from([0.5, 1.25]),
            values: Float64Array.from([-0, 0.1]),
            timestamps: null
          }
        ],
        ...overrides
      }
    ]
  };
}

/** A fragment whose deflated bytes are replaced by the given ones. */
function withBytes(bytes: Uint8Array): string {
  let text = '';
  for (const b of deflateSync(bytes)) text += String.fromCharCode(b);
  return `1.${btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

describe('share links', () => {
  it('round-trips runs, hostile strings as plain data, and points to 1/65,532 of their range', () => {
    const link = encodeShareLink(payload());
    expect(link.startsWith('1.')).toBe(true);
    const back = decodeShareLink(link);
    const run = back.runs[0]!;
    expect(run.name).toBe('<img src=x onerror=alert(1)>');
    expect(run.params).toEqual([
      ['__proto__', 'polluted?'],
      ['lr', '0.001']
    ]);
    const loss = run.series[0]!;
    expect(Array.from(loss.steps)).toEqual([0, 1, 2, 3]);
    expect(Array.from(loss.values)).toEqual([1, NaN, -Infinity, 0.25]);
    expect(Array.from(loss.timestamps!)).toEqual([
      1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_500, 1_700_000_003_000
    ]);
    expect(loss.summary).toEqual([4, 0.25, 3, 0.25, 'NaN', 1, 0]);
    const acc = run.series[1]!;
    expect(Array.from(acc.steps)).toEqual([0.5, 1.25]);
    // -0 is the lowest value here, an end of the range: it comes back as -0, not 0.
    expect(Object.is(acc.values[0], -0)).toBe(true);
    expect(acc.values[1]).toBe(0.1);
    expect(acc.timestamps).toBeNull();
    expect(back.settings).toEqual(payload().settings);
    const batch = payloadToBatch(back);
    expect(batch.runs[0]!.params.get('__proto__')).toBe('polluted?');
    expect(batch.runs[0]!.metrics[0]!.summary!.max).toBeNaN();
  });

  it('refuses tampered links with a reason', () => {
    const good = encodeShareLink(payload());
    expect(() => decodeShareLink('hello')).toThrow('this is not a Runlens share link');
    expect(() => decodeShareLink(`2.${good.slice(2)}`)).toThrow(
      'the link was made by a newer Runlens (link version 2; this one reads version 1)'
    );
    expect(() => decodeShareLink('1.!!!')).toThrow('not valid base64url');
    expect(() => decodeShareLink('1.AAAAAAAA')).toThrow(/damaged|cut short/);
    expect(() => decodeShareLink(good.slice(0, good.length - 20))).toThrow(/damaged|cut short/);
    // 40 MB of zeros deflates to a few kilobytes: refused while inflating.
    expect(() => decodeShareLink(withBytes(new Uint8Array(40 * 1024 * 1024)))).toThrow(
      'unpacks to more than 32 MB'
    );
    const header = (h: unknown, extra = 0) => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const all = new Uint8Array(4 + json.length + extra);
      new DataView(all.buffer).setUint32(0, json.length, true);
      all.set(json, 4);
      return withBytes(all);
    };
    expect(() => decodeShareLink(header([]))).toThrow('its header is not an object');
    expect(() => decodeShareLink(header({ experiments: [], runs: [] }))).toThrow('holds no runs');
    const one = {
      experiments: [{ id: 'e', name: 'e' }],
      runs: [
        {
          id: 'r',
          experimentId: 'e',
          name: null,
          status: 'FINISHED',
          startTime: null,
          endTime: null,
          parentId: null,
          params: [],
          tags: [],
          series: [
            {
              key: 'm',
              summary: [1, 1, 1, 1, 1, 1, 1],
              n: 2,
              stepMode: 'varint',
              times: false,
              range: [0, 1]
            }
          ]
        }
      ]
    };
    // Two points need at least 2 step bytes and 4 value bytes.
    expect(() => decodeShareLink(header(one, 3))).toThrow('cut short');
    expect(() => decodeShareLink(header(one, 40))).toThrow('do not match its header');
    const middle = structuredClone(one);
    middle.runs[0]!.series[0]!.n = 3;
    // 3 zero step deltas, then the values 0, 0x7ffe and the top of the range.
    const q = (values: number[]) => {
      const json = new TextEncoder().encode(JSON.stringify(middle));
      const all = new Uint8Array(4 + json.length + 3 + values.length * 2);
      const view = new DataView(all.buffer);
      view.setUint32(0, json.length, true);
      all.set(json, 4);
      values.forEach((v, i) => view.setUint16(4 + json.length + 3 + i * 2, v, true));
      return withBytes(all);
    };
    const values = decodeShareLink(q([0, 0x7ffe, 0xfffc])).runs[0]!.series[0]!.values;
    expect(Array.from(values)).toEqual([0, 0x7ffe / 0xfffc, 1]);
    expect(
      Array.from(decodeShareLink(q([0xffff, 0xfffe, 0xfffd])).runs[0]!.series[0]!.values)
    ).toEqual([NaN, Infinity, -Infinity]);
    const badRange = structuredClone(one);
    badRange.runs[0]!.series[0]!.range = [2, 1];
    expect(() => decodeShareLink(header(badRange, 10))).toThrow('a series value range');
    const badStatus = structuredClone(one);
    badStatus.runs[0]!.status = 'EXPLODED';
    expect(() => decodeShareLink(header(badStatus, 10))).toThrow('unknown status');
  });
});

describe('M4 reduction for links', () => {
  it('keeps the first, lowest, highest and last point of every column, spikes included', () => {
    const n = 100_000;
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5000));
    values[54_321] = 99;
    values[12_345] = -99;
    const kept = m4Indices({ key: 'x', steps, values, timestamps: steps }, 150);
    expect(kept.length).toBeLessThanOrEqual(600);
    const picked = Array.from(kept, (i) => values[i]!);
    expect(Math.max(...picked)).toBe(99);
    expect(Math.min(...picked)).toBe(-99);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect(Array.from(kept)).toEqual([...kept].sort((a, b) => a - b));
  });
});
