// The diff and Reproduce engines on provenance read from real exports.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeSeries, type MetricSummary, type Run } from '../../src/lib/model';
import { diffRuns, type RunSide } from '../../src/lib/provenance/diff';
import { reproducePlan } from '../../src/lib/provenance/reproduce';
import { importFromDisk, REAL_FIXTURES } from './helpers/real-fixtures';

function side(run: Run): RunSide {
  const metrics = new Map<string, MetricSummary>(
    run.metrics.map((m) => [m.key, summarizeSeries(m)])
  );
  return { params: run.params, metrics, provenance: run.provenance ?? null };
}

async function realRuns(set: string, input: string): Promise<Run[]> {
  const result = await importFromDisk([input], join(REAL_FIXTURES, set));
  return result.batches.flatMap((b) => b.runs);
}

describe('diffRuns', () => {
  it('lists code, data, packages, Python, params and final metrics that differ', async () => {
    const [alias] = await realRuns('mlflow-registry/advance-mlflow3-alias-2025', 'mlruns').then(
      (runs) => runs.filter((r) => r.id === '548f11038477446eba9ec1cbe8164897')
    );
    const [wine] = await realRuns(
      'mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine',
      'run'
    );
    const diff = diffRuns(side(alias!), side(wine!));
    expect(diff.code.map((c) => c.key)).toEqual(['branch', 'commit', 'entry point', 'repository']);
    expect(diff.data).toEqual([
      { key: 'winequality_white_2 (training)', a: null, b: 'digest 062ac4fa' }
    ]);
    expect(diff.packages.find((p) => p.key === 'scikit-learn')).toEqual({
      key: 'scikit-learn',
      a: '==1.6.1',
      b: null
    });
    expect(diff.environment).toEqual([{ key: 'Python', a: '3.12.2', b: '3.11.0' }]);
    expect(diff.params).toEqual([
      { key: 'max_depth', a: '2', b: '1' },
      { key: 'random_state', a: '42', b: null }
    ]);
    expect(diff.metrics.map((m) => m.key)).toEqual(['mse', 'r2', 'rmse']);
  });

  it('says nothing changed between a run and itself, and gives deltas of final values', async () => {
    const runs = await realRuns('wandb/robust-cartpole-wandb-0.16-2023', 'wandb');
    const a = runs.find((r) => r.id === '9bpuap22')!;
    const b = runs.find((r) => r.id === 'ohlnfnqx')!;
    const same = diffRuns(side(a), side(a));
    expect([
      same.code,
      same.data,
      same.packages,
      same.environment,
      same.params,
      same.metrics
    ]).toEqual([[], [], [], [], [], []]);
    const diff = diffRuns(side(a), side(b));
    expect(diff.code.map((c) => c.key)).toEqual(['command', 'commit']);
    expect(diff.environment).toEqual([]);
    for (const m of diff.metrics) {
      if (m.a !== null && m.b !== null && Number.isFinite(m.a) && Number.isFinite(m.b))
        expect(m.delta).toBeCloseTo(m.b - m.a);
    }
  });

  it('treats package names as pip does (case, dashes and underscores)', () => {
    const env = (name: string, spec: string) => ({
      params: new Map(),
      metrics: new Map(),
      provenance: {
        code: null,
        data: [],
        models: [],
        environment: {
          python: null,
          os: null,
          host: null,
          hardware: null,
          from: ['r'],
          packages: [{ name, spec, from: 'r' }]
        }
      }
    });
    expect(diffRuns(env('Scikit_Learn', '==1.0'), env('scikit-learn', '==1.0')).packages).toEqual(
      []
    );
    expect(diffRuns(env('torch', '==2.0'), env('torch', '==2.1')).packages).toEqual([
      { key: 'torch', a: '==2.0', b: '==2.1' }
    ]);
  });
});

describe('reproducePlan', () => {
  it('clones, checks out, installs the pinned packages; says where the export is silent', async () => {
    const [alias] = await realRuns('mlflow-registry/advance-mlflow3-alias-2025', 'mlruns').then(
      (runs) => runs.filter((r) => r.id === '548f11038477446eba9ec1cbe8164897')
    );
    const plan = reproducePlan(alias!.provenance ?? null);
    expect(plan.script.split('\n')).toEqual([
      '# the export names no repository: run this inside a clone of the code',
      'git checkout f9135b6541b9285d578618125fe3f8d6e8e6568e',
      '# Python 3.12.2',
      'pip install mlflow==3.1.1 cloudpickle==3.1.1 numpy==2.0.2 pandas==2.2.3 psutil==5.9.8 scikit-learn==1.6.1 scipy==1.14.1',
      '# entry point: model_registry.py (the export has no command line)'
    ]);
    const empty = plan.sections.filter((s) => s.empty !== null).map((s) => s.id);
    expect(empty).toEqual(['data']);
  });

  it('gives every section a reason when the export says nothing', () => {
    const plan = reproducePlan(null);
    expect(plan.sections.every((s) => s.facts.length === 0 && s.empty)).toBe(true);
    expect(plan.script).toBe('# this export says nothing about how the run was made');
  });
});
