// The two real W&B web-UI CSV exports (a runs table, a chart over a custom x), checked three ways
// against counts taken by tests/fixtures/scripts/count_wandb_csv.py (Python's csv module), plus
// what a person sees: the runs table's column roles and the chart's lines.
import { describe, expect, it } from 'vitest';
import {
  checkThreeWays,
  importFromDisk,
  readManifest,
  REAL_FIXTURES
} from './helpers/real-fixtures';

describe('real W&B CSV exports', () => {
  for (const entry of readManifest('wandb-csv')) {
    it(entry.set, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});

async function runsOf(set: string) {
  const result = await importFromDisk(['wandb_export.csv'], `${REAL_FIXTURES}/wandb/${set}`);
  return result.batches.flatMap((b) => b.runs);
}

describe('what the real W&B exports show', () => {
  it('runs table: ID, Name, times and Notes become the run; config text and numbers params', async () => {
    const runs = await runsOf('text-aug-runs-table-export-2022');
    const run = runs.find((r) => r.id === '3p0donj4')!;
    expect({
      name: run.name,
      status: run.status,
      start: new Date(run.startTime!).toISOString(),
      end: new Date(run.endTime!).toISOString(),
      note: run.tags.get('mlflow.note.content'),
      params: [...run.params.keys()],
      metrics: run.metrics.length,
      accuracy: run.metrics.find((m) => m.key === 'train/aug_on_aug_test_accuracy')?.values[0]
    }).toEqual({
      name: 'bert_substitute_02',
      status: 'FINISHED',
      start: '2022-06-10T05:44:17.000Z',
      end: '2022-06-10T05:52:35.000Z',
      note: 'test',
      params: ['logging_dir', 'output_dir', 'run_name', 'augment_probability', 'path_to_aug_model'],
      metrics: 48,
      accuracy: 0.6556
    });
  });

  it('chart: one run per group, histories over evaluations, bands as __min/__max', async () => {
    const runs = await runsOf('pyucea-chart-export-2022');
    expect(runs.map((r) => r.id).sort()).toEqual(['algo: EA', 'algo: MultiEA', 'algo: UCEA']);
    const ucea = runs.find((r) => r.id === 'algo: UCEA')!;
    expect(ucea.metrics.map((m) => m.key).sort()).toEqual([
      '_step',
      '_step__max',
      '_step__min',
      'generation',
      'generation__max',
      'generation__min'
    ]);
    const generation = ucea.metrics.find((m) => m.key === 'generation')!;
    // The x is the custom `evaluations` column: the first points sit at 60 and 62, then 658.
    expect([...generation.steps.slice(0, 3)]).toEqual([60, 62, 658]);
    expect(ucea.tags.get('wandb.chart_x')).toBe('evaluations');
  });
});
