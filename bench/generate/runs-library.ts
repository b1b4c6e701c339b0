/**
 * A Runlens JSON library of many small runs for scenario 6 (the runs explorer): the shape of
 * tests/e2e/big-library.ts (two params, one tag, a one-point `loss` metric per run, no nesting),
 * drawn from the seed. Written once per seed and size into bench/out/ and reused; the columns
 * the baseline needs, and the answers the app must show, come from the same generator.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { hexId, seededRandom } from './rng';

export const MODELS = ['tree', 'forest', 'linear', 'svm'] as const;
export const TEAMS = ['t0', 't1', 't2', 't3', 't4'] as const;
const LRS = ['0.001', '0.01', '0.1'] as const;

/** The runs as columns: what the baseline loops over, in the app's row order. */
export interface LibraryColumns {
  n: number;
  ids: string[];
  /** Index into MODELS. */
  model: Uint8Array;
  /** Index into TEAMS. */
  team: Uint8Array;
  /** A permutation of (k + 0.5) / n: every loss differs, so "best" is one run. */
  loss: Float64Array;
}

export interface RunsLibrary {
  file: string;
  bytes: number;
  columns: LibraryColumns;
}

/** The columns for a seed and size (cheap: the file itself is written once). */
export function libraryColumns(seed: number, n: number): LibraryColumns {
  const random = seededRandom(seed * 7_919 + 6);
  const ids = new Array<string>(n);
  const model = new Uint8Array(n);
  const team = new Uint8Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = hexId(random);
    model[i] = Math.floor(random() * MODELS.length);
    team[i] = Math.floor(random() * TEAMS.length);
    loss[i] = (order[i]! + 0.5) / n;
  }
  return { n, ids, model, team, loss };
}

function batch(c: LibraryColumns): ImportedBatch {
  const t0 = 1_760_000_000_000;
  const runs: Run[] = [];
  for (let i = 0; i < c.n; i++) {
    runs.push({
      id: c.ids[i]!,
      experimentId: 'sweep',
      name: `run-${String(i).padStart(6, '0')}`,
      status: i % 10 === 0 ? 'FAILED' : 'FINISHED',
      startTime: t0 + i * 1000,
      endTime: t0 + i * 1000 + 500 + (i % 7) * 100,
      deleted: false,
      parentId: null,
      params: new Map([
        ['model', MODELS[c.model[i]!]!],
        ['lr', LRS[i % LRS.length]!]
      ]),
      tags: new Map([['team', TEAMS[c.team[i]!]!]]),
      metrics: [
        {
          key: 'loss',
          steps: Float64Array.of(0),
          values: Float64Array.of(c.loss[i]!),
          timestamps: Float64Array.of(t0 + i * 1000 + 400)
        }
      ],
      artifacts: [],
      source: { format: 'runlens-json', file: 'sweep.json' }
    });
  }
  return {
    experiments: [{ id: 'sweep', name: `bench-sweep-${c.n}`, deleted: false, tags: new Map() }],
    runs
  };
}

export function generateRunsLibrary(outDir: string, seed: number, n: number): RunsLibrary {
  const dir = join(outDir, `runs-library-s${seed}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sweep-${n}.json`);
  const columns = libraryColumns(seed, n);
  if (!existsSync(file)) {
    // Through a temporary name: an interrupted run must not leave a half file to be reused.
    writeFileSync(`${file}.part`, writeRunlensJson(batch(columns)));
    renameSync(`${file}.part`, file);
  }
  return { file, bytes: statSync(file).size, columns };
}
