// Lineage graphs (issue 15, item 5): per run, data in → run (under its parent) → models out →
// registry versions; per registered model, data → runs → versions. Drawn from real exports only
// where they state the link, and laid out so boxes never overlap.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import type { BatchFromFile } from '../../src/lib/db/prepare';
import type { DatasetInput, LoggedModel } from '../../src/lib/model';
import {
  modelLineage,
  runLineage,
  versionSourceModel,
  versionSourceVersion,
  type LineageGraph
} from '../../src/lib/provenance/lineage';
import { MAX_PER_COLUMN, NODE_HEIGHT, NODE_WIDTH } from '../../src/lib/provenance/lineage-layout';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import { storeLibrary } from './helpers/bundle-fixtures';
import { freshDb } from './helpers/db';
import { REAL_FIXTURES } from './helpers/real-fixtures';

const noop = () => {};

/** Columns as `Title: kind label, …` and edges as `label → label`: what a person reads off it. */
function describeGraph(g: LineageGraph) {
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  return {
    columns: g.columns.map(
      (c) =>
        `${c.title}: ${g.nodes
          .filter((n) => n.x === c.x)
          .map((n) => `${n.kind} ${n.label}${n.current ? ' (this)' : ''}`)
          .join(', ')}`
    ),
    edges: g.edges.map((e) => `${label.get(e.from)} → ${label.get(e.to)}`).sort(),
    missing: g.missing
  };
}

function overlaps(g: LineageGraph): number {
  let n = 0;
  for (const a of g.nodes)
    for (const b of g.nodes)
      if (a !== b && Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT) n++;
  return n;
}

async function libraryOf(set: string) {
  const collected = await collectInputs(['.'], join(REAL_FIXTURES, set));
  const parsed = await parseFiles(collected.inputs, undefined, noop, noop);
  const db = freshDb();
  await storeLibrary(db, parsed.parsed as BatchFromFile[]);
  return { db, api: createWorkerApi(db) };
}

const dataset = (name: string, digest: string, context: string): DatasetInput => ({
  name,
  digest,
  context,
  sourceType: 'local',
  source: null,
  schema: null,
  profile: null,
  from: 'test'
});
const logged = (id: string | null, artifactPath: string | null): LoggedModel => ({
  id,
  name: null,
  artifactPath,
  flavors: ['sklearn', 'python_function'],
  step: null,
  mlflowVersion: null,
  created: null,
  from: 'test'
});

describe('a run’s lineage', () => {
  it('links a version to the logged model its source names, else to the run', () => {
    const models = [logged('m-abc123', 'model'), logged(null, 'other')];
    expect(versionSourceModel('models:/m-abc123', models)).toBe(0);
    expect(versionSourceModel('runs:/4f2e/other', models)).toBe(1);
    expect(versionSourceModel('file:///mlruns/1/4f2e/artifacts/model/', models)).toBe(0);
    expect(versionSourceModel('s3://bucket/somewhere', models)).toBeNull();
    expect(versionSourceModel(null, models)).toBeNull();
  });

  it('links a version copied from another (`models:/<name>/<version>`) to that version', () => {
    const v = (version: string, source: string | null) => ({
      modelKey: 'mk',
      model: 'reg/model',
      version,
      stage: null,
      aliases: [],
      source
    });
    const versions = [v('1', 'models:/m-1'), v('2', 'models:/reg/model/1')];
    expect(versionSourceVersion('models:/reg/model/1', versions)).toBe(0);
    expect(versionSourceVersion('models:/reg/model/7', versions)).toBeNull();
    expect(versionSourceVersion('models:/m-1', versions)).toBeNull();
  });

  it('puts the parent above the run and shows one box per dataset used twice', () => {
    const g = runLineage({
      run: { key: 'k1', id: 'r1', name: 'child' },
      parent: { key: null, id: 'p1', name: null },
      data: [dataset('wine', 'aaaa1111', 'training'), dataset('wine', 'aaaa1111', 'eval')],
      models: [logged('m-1', 'model')],
      versions: [
        {
          modelKey: 'mk',
          model: 'Wine',
          version: '2',
          stage: null,
          aliases: ['champion'],
          source: 'models:/m-1'
        }
      ]
    });
    expect(describeGraph(g)).toEqual({
      columns: [
        'Data in: dataset wine',
        'Run: run p1, run child (this)',
        'Models out: model model',
        'Registry: version Wine v2'
      ],
      edges: ['child → model', 'model → Wine v2', 'p1 → child', 'wine → child'],
      missing: []
    });
    expect(g.nodes.find((n) => n.kind === 'dataset')?.detail).toBe(
      'digest aaaa1111 · training, eval'
    );
    // A parent that is not in the library is named, not linked.
    expect(g.nodes.find((n) => n.label === 'p1')).toMatchObject({
      href: null,
      detail: 'parent run (not imported)'
    });
    expect(overlaps(g)).toBe(0);
  });

  it('counts what does not fit in one box that keeps the edges', () => {
    const data = Array.from({ length: 20 }, (_, i) => dataset(`d${i}`, `${i}`, 'training'));
    const g = runLineage({
      run: { key: 'k', id: 'r', name: 'r' },
      parent: null,
      data,
      models: [],
      versions: []
    });
    const inputs = g.nodes.filter((n) => n.x === 0);
    expect(inputs).toHaveLength(MAX_PER_COLUMN);
    expect(inputs.at(-1)).toMatchObject({
      kind: 'more',
      label: `+ ${20 - MAX_PER_COLUMN + 1} more`
    });
    expect(g.edges).toHaveLength(MAX_PER_COLUMN);
    expect(g.missing).toEqual(['Models out', 'Registry']);
    expect(overlaps(g)).toBe(0);
  });
});

describe('a model’s lineage', () => {
  it('shows a dataset that several versions’ runs read as one box feeding each run', () => {
    const v = (version: string, runId: string | null, data: DatasetInput[]) => ({
      modelKey: 'mk',
      model: 'Wine',
      version,
      stage: version === '3' ? 'Production' : null,
      aliases: [],
      source: null,
      runId,
      run: runId ? { key: `k-${runId}`, id: runId, name: `run ${runId}` } : null,
      data
    });
    const wine = dataset('wine', 'aaaa', 'training');
    const g = modelLineage([
      v('3', 'r2', [wine, dataset('wine-extra', 'bbbb', 'training')]),
      v('2', 'r1', [wine]),
      v('1', 'r1', [wine]),
      v('0', null, [])
    ]);
    expect(describeGraph(g)).toEqual({
      columns: [
        'Data in: dataset wine, dataset wine-extra',
        'Runs: run run r2, run run r1',
        'Versions: version version 3, version version 2, version version 1, version version 0'
      ],
      edges: [
        'run r1 → version 1',
        'run r1 → version 2',
        'run r2 → version 3',
        'wine → run r1',
        'wine → run r2',
        'wine-extra → run r2'
      ],
      missing: []
    });
    expect(g.nodes.find((n) => n.label === 'version 3')?.detail).toBe('Production');
    expect(overlaps(g)).toBe(0);
  });
});

describe('lineage of real exports', () => {
  it('export-import sklearn_wine: the datasets the run read, the run, its registered versions', async () => {
    const { db, api } = await libraryOf(
      'mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine'
    );
    const runs = await db.runs.toArray();
    const graphs = await Promise.all(runs.map((r) => api.readRunLineage(r.key)));
    const described = graphs.map((g) => describeGraph(g!));
    expect(described).toMatchInlineSnapshot(`
      [
        {
          "columns": [
            "Data in: dataset winequality_white_2",
            "Run: run white_2 (this)",
            "Models out: model model",
            "Registry: version andre_catalog.ml_models2.sklearn_wine_best v15",
          ],
          "edges": [
            "model → andre_catalog.ml_models2.sklearn_wine_best v15",
            "white_2 → model",
            "winequality_white_2 → white_2",
          ],
          "missing": [],
        },
      ]
    `);
    const models = await api.readModelLineages();
    expect([...models.values()].map(describeGraph)).toMatchInlineSnapshot(`
      [
        {
          "columns": [
            "Data in: dataset winequality_white_2",
            "Runs: run white_2",
            "Versions: version version 15",
          ],
          "edges": [
            "white_2 → version 15",
            "winequality_white_2 → white_2",
          ],
          "missing": [],
        },
      ]
    `);
  });

  it('MLflow 3 FileStore with a logged model and an alias (advance-mlflow3-alias)', async () => {
    const { db, api } = await libraryOf('mlflow-registry/advance-mlflow3-alias-2025');
    const runs = await db.runs.toArray();
    const described = await Promise.all(
      runs.map(async (r) => describeGraph((await api.readRunLineage(r.key))!))
    );
    expect(described.filter((d) => d.columns.length > 1)).toMatchInlineSnapshot(`
      [
        {
          "columns": [
            "Run: run legendary-roo-165 (this)",
            "Models out: model sklearn-model",
            "Registry: version sk-learn-random-forest-reg-model v1, version sk-learn-random-forest-reg-model v2",
          ],
          "edges": [
            "legendary-roo-165 → sklearn-model",
            "sk-learn-random-forest-reg-model v1 → sk-learn-random-forest-reg-model v2",
            "sklearn-model → sk-learn-random-forest-reg-model v1",
          ],
          "missing": [
            "Data in",
          ],
        },
      ]
    `);
  });
});
