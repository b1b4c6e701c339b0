// Property tests (issue 18, item 2): random and mutated input into every reader must end in the
// reader's typed error or a result, never a crash. Cases per property: FUZZ_RUNS, else 10,000
// under `npm run fuzz`, else 100. A failure prints fast-check's seed and shrunk input; replay it
// with FUZZ_SEED=<seed> (and FUZZ_PATH=<path> for the exact case).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { writeBundle } from '../../src/lib/bundle/write-bundle';
import { readBundle } from '../../src/lib/bundle/read-bundle';
import { ImportCancelled, ImportError } from '../../src/lib/importers/errors';
import { CsvError, parseCsv } from '../../src/lib/importers/readers/csv';
import { parseTolerantJson } from '../../src/lib/importers/readers/tolerant-json';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { parseQuery } from '../../src/lib/query';
import { formatQuery } from '../../src/lib/query/format';
import { ShareLinkError, decodeShareLink } from '../../src/lib/share/share-codec';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { hostileBatch } from '../fixtures/hostile/cases/json-cases';

const RUNS = Number(
  process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 10_000 : 100)
);
const params = {
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {})
};
const TIMEOUT = Math.max(20_000, RUNS * 20);
const noop = () => {};

/** Byte-level mutations of a sample: flips, cuts, duplications, splices of random bytes. */
function mutated(sample: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = sample.length;
  return fc.oneof(
    fc
      .array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8
      })
      .map((edits) => {
        const out = sample.slice();
        for (const [at, b] of edits) out[at] = b;
        return out;
      }),
    fc.nat(n).map((cut) => sample.slice(0, cut)),
    fc.tuple(fc.nat(n), fc.nat(n)).map(([a, b]) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const out = new Uint8Array(n + (hi - lo));
      out.set(sample.subarray(0, hi));
      out.set(sample.subarray(lo), hi);
      return out;
    }),
    fc.tuple(fc.nat(n), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => {
      const out = new Uint8Array(n + bytes.length);
      out.set(sample.subarray(0, at));
      out.set(bytes, at);
      out.set(sample.subarray(at), at + bytes.length);
      return out;
    })
  );
}

/** Runs one file through detection and its importer; only ImportErrors may come out as errors. */
async function pipelineCrashes(path: string, bytes: Uint8Array): Promise<string[]> {
  const crashes: string[] = [];
  const files = IMPORTERS.map((i) => ({
    ...i,
    parse: async (...args: Parameters<typeof i.parse>) => {
      try {
        return await i.parse(...args);
      } catch (e) {
        if (!(e instanceof ImportError) && !(e instanceof ImportCancelled)) crashes.push(String(e));
        throw e;
      }
    }
  }));
  await parseFiles([sourceFromBytes(path, bytes)], files, noop, noop);
  return crashes;
}

const REAL = {
  tfevents:
    'tests/fixtures/real/tensorboard/tf2-keras-tensorboard-tutorial-2023/archive/hparam_tuning/events.out.tfevents.1690483601.e-bnbobg-5l77j-0.61366.0.v2',
  wandb:
    'tests/fixtures/real/wandb/cs6910-ffnn-sweeps-wandb-0.16.3-2024/wandb/run-20240309_225021-633skbk9/run-633skbk9.wandb',
  csv: 'tests/fixtures/real/mlflow-csv/mlops-assignment1-group72-ui-download/mlflow_runs.csv',
  json: 'tests/fixtures/generated/mlflow-rest/runs-search.json',
  jsonl: 'tests/fixtures/generated/json-logs/ablation-metrics.jsonl'
};
const read = (p: string) => new Uint8Array(readFileSync(p));

function bundle(): Uint8Array {
  const chunks: Uint8Array[] = [];
  writeBundle(
    { batches: [{ format: 'runlens-json', batch: hostileBatch() }], views: [] },
    { artifacts: true },
    (c) => chunks.push(c)
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

describe(`fuzz: shared readers (${RUNS} cases each)`, () => {
  it(
    'parseCsv throws only CsvError',
    () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ';', '\t', ' ', 'é') }),
          (text) => {
            try {
              parseCsv(text);
            } catch (e) {
              expect(e).toBeInstanceOf(CsvError);
            }
          }
        ),
        params
      );
    },
    TIMEOUT
  );

  it(
    'parseTolerantJson throws only SyntaxError, and agrees with JSON.parse on JSON',
    () => {
      const token = fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '"a"',
        '1',
        '-',
        'NaN',
        'Infinity',
        'null',
        '"__proto__"',
        ' ',
        '1e400',
        '"\\u',
        'tru'
      );
      fc.assert(
        fc.property(fc.array(token, { maxLength: 40 }), fc.jsonValue(), (tokens, value) => {
          try {
            parseTolerantJson(tokens.join(''));
          } catch (e) {
            expect(e).toBeInstanceOf(SyntaxError);
          }
          const text = JSON.stringify(value);
          expect(parseTolerantJson(text)).toEqual(JSON.parse(text));
        }),
        params
      );
    },
    TIMEOUT
  );
});

describe(`fuzz: query, share link, bundle (${RUNS} cases each)`, () => {
  it(
    'parseQuery never throws and never hits its bug path; a parsed query prints and parses back',
    () => {
      const word = fc.constantFrom(
        'params.lr',
        'metrics.loss',
        'name',
        '=',
        '!=',
        '<',
        '>=',
        'and',
        'or',
        'not',
        '(',
        ')',
        '"x"',
        "'a'",
        '1e3',
        '-1',
        'LIKE',
        'IN',
        ',',
        '~',
        '%',
        '__proto__',
        'NaN',
        ' '
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.array(word, { maxLength: 12 }).map((w) => w.join(' '))
          ),
          (text) => {
            const result = parseQuery(text);
            if (!result.ok) {
              expect(result.error.message).not.toMatch(/^cannot read this query/);
              return;
            }
            const printed = formatQuery(result.ast);
            const again = parseQuery(printed);
            expect(again.ok).toBe(true);
            if (again.ok) expect(formatQuery(again.ast)).toBe(printed);
          }
        ),
        params
      );
    },
    TIMEOUT
  );

  it(
    'decodeShareLink throws only ShareLinkError',
    () => {
      const fragment = fc.oneof(
        fc.string(),
        fc.string({ unit: fc.constantFrom('1', '.', 'A', '-', '_', 'z', '=') }).map((s) => `1.${s}`)
      );
      fc.assert(
        fc.property(fragment, (text) => {
          try {
            decodeShareLink(text);
          } catch (e) {
            expect(e).toBeInstanceOf(ShareLinkError);
          }
        }),
        params
      );
    },
    TIMEOUT
  );

  it(
    'readBundle gives ImportError for random bytes, random zips and mutated real bundles',
    async () => {
      const real = bundle();
      const input = fc.oneof(
        fc.uint8Array({ maxLength: 256 }),
        fc
          .dictionary(
            fc.constantFrom('runlens-bundle.json', 'series.bin', 'a/0-0'),
            fc.uint8Array({ maxLength: 64 })
          )
          .map((d) => zipSync(d)),
        mutated(real)
      );
      await fc.assert(
        fc.asyncProperty(input, async (bytes) => {
          try {
            await readBundle(new ImportSource(sourceFromBytes('b.runlens', bytes)), {
              checkCancelled: noop
            });
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        }),
        { ...params, numRuns: Math.max(10, Math.floor(RUNS / 10)) }
      );
    },
    TIMEOUT
  );
});

describe(`fuzz: importers on mutated real files (${RUNS} cases each)`, () => {
  for (const [kind, path] of Object.entries(REAL)) {
    it(
      `${kind}: only ImportErrors`,
      async () => {
        const sample = read(path);
        const name = path.slice(path.lastIndexOf('/') + 1);
        await fc.assert(
          fc.asyncProperty(mutated(sample), async (bytes) => {
            expect(await pipelineCrashes(name, bytes)).toEqual([]);
          }),
          { ...params, numRuns: Math.max(10, Math.floor(RUNS / 10)) }
        );
      },
      TIMEOUT
    );
  }
});

describe('truncation sweep: every byte offset', () => {
  for (const kind of ['tfevents', 'wandb'] as const) {
    it(
      `${kind} cut at every offset reads up to the cut, never crashes`,
      async () => {
        const sample = read(REAL[kind]);
        const name = REAL[kind].slice(REAL[kind].lastIndexOf('/') + 1);
        const step = Math.max(
          1,
          Math.floor(
            sample.length / (process.env.npm_lifecycle_event === 'fuzz' ? sample.length : 400)
          )
        );
        for (let cut = 0; cut <= sample.length; cut += step) {
          expect(await pipelineCrashes(name, sample.subarray(0, cut)), `cut at ${cut}`).toEqual([]);
        }
      },
      TIMEOUT * 5
    );
  }
});
