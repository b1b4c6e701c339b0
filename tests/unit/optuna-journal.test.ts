// Optuna journal files: the replay rules Optuna itself follows (ignored ops, templates, deleted
// studies), params decoded by distribution, a torn last line, and broken lines named.
import { describe, expect, it } from 'vitest';
import { optunaJournalImporter } from '../../src/lib/importers/optuna-journal';
import { IMPORTERS, findImporter } from '../../src/lib/importers/registry';
import { ImportSource } from '../../src/lib/importers/source';
import { textFile } from './helpers/batches';
import { testContext } from './helpers/import-context';

const W = 'w-1';
const FLOAT_LOG = JSON.stringify({
  name: 'FloatDistribution',
  attributes: { step: null, low: 1e-5, high: 0.1, log: true }
});
const INT = JSON.stringify({
  name: 'IntDistribution',
  attributes: { log: false, step: 1, low: 1, high: 8 }
});
const CHOICE = JSON.stringify({
  name: 'CategoricalDistribution',
  attributes: { choices: ['adam', null, true, 0.5] }
});
const T0 = '2024-05-01T12:00:00.123456+00:00';
const T1 = '2024-05-01T12:00:07.000001+00:00';

const op = (o: Record<string, unknown>) => JSON.stringify({ worker_id: W, ...o });

/** Two studies, one of them two-objective; pruned, failed, waiting and templated trials. */
const JOURNAL = [
  op({ op_code: 0, study_name: 'tune', directions: [2] }),
  op({ op_code: 2, study_id: 0, user_attr: { dataset: 'mnist' } }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  op({
    op_code: 5,
    trial_id: 0,
    param_name: 'lr',
    param_value_internal: 0.001,
    distribution: FLOAT_LOG
  }),
  op({ op_code: 5, trial_id: 0, param_name: 'n', param_value_internal: 3.0, distribution: INT }),
  op({ op_code: 5, trial_id: 0, param_name: 'opt', param_value_internal: 2, distribution: CHOICE }),
  op({ op_code: 7, trial_id: 0, step: 1, intermediate_value: 0.5 }),
  op({ op_code: 7, trial_id: 0, step: 0, intermediate_value: 0.25 }),
  op({ op_code: 8, trial_id: 0, user_attr: { epochs: 10 } }),
  op({ op_code: 6, trial_id: 0, state: 1, values: [0.75], datetime_complete: T1 }),
  // Ops on a finished trial are ignored, as Optuna ignores another worker's late writes.
  op({ op_code: 7, trial_id: 0, step: 2, intermediate_value: 9 }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  op({ op_code: 5, trial_id: 1, param_name: 'opt', param_value_internal: 1, distribution: CHOICE }),
  op({ op_code: 7, trial_id: 1, step: 0, intermediate_value: 'NaN' }).replace('"NaN"', 'NaN'),
  op({ op_code: 6, trial_id: 1, state: 2, values: [0.1], datetime_complete: T1 }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  // A param whose distribution contradicts the earlier trial's is dropped, as Optuna drops it.
  op({
    op_code: 5,
    trial_id: 2,
    param_name: 'n',
    param_value_internal: 2.0,
    distribution: FLOAT_LOG
  }),
  op({ op_code: 6, trial_id: 2, state: 3, values: null, datetime_complete: T1 }),
  // A study name created twice (a second worker) is one study.
  op({ op_code: 0, study_name: 'tune', directions: [2] }),
  op({ op_code: 0, study_name: 'pareto', directions: [1, 2] }),
  op({
    op_code: 4,
    study_id: 1,
    datetime_start: T0,
    datetime_complete: T1,
    state: 1,
    value: null,
    values: [1.5, -2],
    distributions: { x: INT },
    params: { x: 7.0 },
    user_attrs: {},
    system_attrs: { fixed_params: { x: 7 } },
    intermediate_values: {}
  }),
  op({ op_code: 4, study_id: 1, datetime_start: null, state: 4 }),
  op({ op_code: 10, study_id: 1, trial_ids: [1] }),
  op({ op_code: 0, study_name: 'gone', directions: [1] }),
  op({ op_code: 4, study_id: 2, datetime_start: T0 }),
  op({ op_code: 1, study_id: 2 })
].join('\n');

async function parse(text: string) {
  const ctx = testContext();
  const batch = await optunaJournalImporter.parse(
    new ImportSource(textFile('optuna.log', text)),
    ctx
  );
  return { batch, ctx };
}

describe('Optuna journal', () => {
  it('is found by its first line, whatever the file is called', async () => {
    const found = await findImporter(
      new ImportSource(textFile('whatever', `${JOURNAL}\n`)),
      IMPORTERS
    );
    expect(found?.id).toBe('optuna-journal');
  });

  it('replays studies and trials as Optuna does', async () => {
    const { batch, ctx } = await parse(`${JOURNAL}\n`);
    expect(batch.experiments.map((e) => [e.name, e.deleted, Object.fromEntries(e.tags)]))
      .toMatchInlineSnapshot(`
      [
        [
          "tune",
          false,
          {
            "dataset": "mnist",
            "optuna.direction.value": "maximize",
          },
        ],
        [
          "pareto",
          false,
          {
            "optuna.direction.values/0": "minimize",
            "optuna.direction.values/1": "maximize",
          },
        ],
        [
          "gone",
          true,
          {
            "optuna.direction.value": "minimize",
          },
        ],
      ]
    `);
    const runs = batch.runs.map((r) => ({
      experiment: batch.experiments.find((e) => e.id === r.experimentId)!.name,
      name: r.name,
      status: r.status,
      deleted: r.deleted,
      times: [r.startTime, r.endTime],
      params: Object.fromEntries(r.params),
      metrics: r.metrics.map(
        (m) => `${m.key}: ${[...m.steps].join(',')} → ${[...m.values].join(',')}`
      ),
      tags: Object.fromEntries(r.tags)
    }));
    expect(runs).toMatchInlineSnapshot(`
      [
        {
          "deleted": false,
          "experiment": "tune",
          "metrics": [
            "value: 0 → 0.75",
            "intermediate_value: 0,1 → 0.25,0.5",
          ],
          "name": "trial 0",
          "params": {
            "lr": "0.001",
            "n": "3",
            "opt": "True",
          },
          "status": "FINISHED",
          "tags": {
            "epochs": "10",
            "optuna.direction.value": "maximize",
            "optuna.state": "COMPLETE",
            "optuna.study": "tune",
          },
          "times": [
            1714564800123,
            1714564807000,
          ],
        },
        {
          "deleted": false,
          "experiment": "tune",
          "metrics": [
            "value: 0 → 0.1",
            "intermediate_value: 0 → NaN",
          ],
          "name": "trial 1",
          "params": {
            "opt": "None",
          },
          "status": "KILLED",
          "tags": {
            "optuna.direction.value": "maximize",
            "optuna.state": "PRUNED",
            "optuna.study": "tune",
          },
          "times": [
            1714564800123,
            1714564807000,
          ],
        },
        {
          "deleted": false,
          "experiment": "tune",
          "metrics": [],
          "name": "trial 2",
          "params": {},
          "status": "FAILED",
          "tags": {
            "optuna.direction.value": "maximize",
            "optuna.state": "FAIL",
            "optuna.study": "tune",
          },
          "times": [
            1714564800123,
            1714564807000,
          ],
        },
        {
          "deleted": false,
          "experiment": "pareto",
          "metrics": [
            "values/0: 0 → 1.5",
            "values/1: 0 → -2",
          ],
          "name": "trial 0",
          "params": {
            "x": "7",
          },
          "status": "FINISHED",
          "tags": {
            "optuna.direction.values/0": "minimize",
            "optuna.direction.values/1": "maximize",
            "optuna.state": "COMPLETE",
            "optuna.study": "pareto",
            "optuna.system_attrs.fixed_params": "{"x":7}",
          },
          "times": [
            1714564800123,
            1714564807000,
          ],
        },
        {
          "deleted": false,
          "experiment": "pareto",
          "metrics": [],
          "name": "trial 1",
          "params": {},
          "status": "SCHEDULED",
          "tags": {
            "optuna.direction.values/0": "minimize",
            "optuna.direction.values/1": "maximize",
            "optuna.state": "WAITING",
            "optuna.study": "pareto",
          },
          "times": [
            null,
            null,
          ],
        },
        {
          "deleted": true,
          "experiment": "gone",
          "metrics": [],
          "name": "trial 0",
          "params": {},
          "status": "RUNNING",
          "tags": {
            "optuna.direction.value": "minimize",
            "optuna.state": "RUNNING",
            "optuna.study": "gone",
          },
          "times": [
            1714564800123,
            null,
          ],
        },
      ]
    `);
    expect(ctx.warnings).toMatchInlineSnapshot(`
      [
        {
          "file": "optuna.log",
          "message": "1 DISCARD_TRIALS operation(s) (written by Rustuna) were ignored, as Optuna ignores them",
        },
      ]
    `);
  });

  it('reads a torn last line (writer killed) up to the last whole line, with a warning', async () => {
    const cut = `${JOURNAL}\n${op({ op_code: 4, study_id: 0, datetime_start: T0 }).slice(0, 30)}`;
    const { batch, ctx } = await parse(cut);
    expect(batch.runs).toHaveLength(6);
    expect(ctx.warnings.map((w) => w.message)).toContain(
      'line 27 is cut off (the writer stopped mid-line); the 26 whole lines before it were read, as Optuna reads them'
    );
  });

  it('names the line and the problem of a broken journal', async () => {
    const lines = JOURNAL.split('\n');
    const broken = (i: number, text: string) => {
      const copy = [...lines];
      copy[i] = text;
      return parse(`${copy.join('\n')}\n`).then(
        () => 'no error',
        (e: Error) => e.message
      );
    };
    expect(await broken(3, '{"op_code": 5, "trial_id": 0')).toMatch(
      /^optuna\.log: line 4: is not valid JSON/
    );
    expect(await broken(3, op({ op_code: 42 }))).toBe(
      'optuna.log: line 4, "op_code": 42 is not an Optuna journal operation (0 to 10)'
    );
    expect(
      await broken(
        5,
        op({
          op_code: 5,
          trial_id: 0,
          param_name: 'opt',
          param_value_internal: 9,
          distribution: CHOICE
        })
      )
    ).toBe(
      'optuna.log: study "tune", trial 0, param "opt": choice index 9 is outside the 4 choices'
    );
    expect(
      await broken(
        3,
        op({
          op_code: 5,
          trial_id: 0,
          param_name: 'x',
          param_value_internal: 1,
          distribution: '{"name": "Weird"}'
        })
      )
    ).toBe('optuna.log: line 4, "distribution": unknown distribution class "Weird"');
    expect(await broken(9, op({ op_code: 6, trial_id: 0, state: 7, values: null }))).toBe(
      'optuna.log: line 10, "state": number 7 is not an Optuna trial state (0 to 4)'
    );
  });
});
