import { describe, expect, it } from 'vitest';
import {
  buildResultsTable,
  suggestLayout,
  type ResultsRun
} from '../../../src/lib/results-table/build-table';
import { escapeLatex, escapeMarkdown } from '../../../src/lib/results-table/format';
import { resultsTableLatex } from '../../../src/lib/results-table/latex';
import { resultsTableMarkdown } from '../../../src/lib/results-table/markdown';
import { resultsTableCsv } from '../../../src/lib/results-table/csv';
import type { ResultsTableSpec } from '../../../src/lib/results-table/types';

/** A run with one metric whose final, min and max are given (final defaults to the max). */
function run(
  params: Record<string, string>,
  metric: string,
  last: number,
  min = last,
  max = last
): ResultsRun {
  return {
    params: new Map(Object.entries(params)),
    tags: new Map(),
    metrics: new Map([[metric, { last, min, max }]])
  };
}

/**
 * Two models × two datasets; model B on d2 has a single seed. By hand:
 * A/d1 0.80 0.82 0.84 → mean 0.820, std 0.020; A/d2 0.60 0.70 → mean 0.650, std 0.0707;
 * B/d1 0.90 0.92 0.94 → mean 0.920, std 0.020; B/d2 0.50 → mean 0.500, no std.
 */
const grid: ResultsRun[] = [
  run({ model: 'A', dataset: 'd1', seed: '0' }, 'acc', 0.8),
  run({ model: 'A', dataset: 'd1', seed: '1' }, 'acc', 0.82),
  run({ model: 'A', dataset: 'd1', seed: '2' }, 'acc', 0.84),
  run({ model: 'A', dataset: 'd2', seed: '0' }, 'acc', 0.6),
  run({ model: 'A', dataset: 'd2', seed: '1' }, 'acc', 0.7),
  run({ model: 'B', dataset: 'd1', seed: '0' }, 'acc', 0.9),
  run({ model: 'B', dataset: 'd1', seed: '1' }, 'acc', 0.92),
  run({ model: 'B', dataset: 'd1', seed: '2' }, 'acc', 0.94),
  run({ model: 'B', dataset: 'd2', seed: '0' }, 'acc', 0.5)
];

const spec: ResultsTableSpec = {
  rows: { kind: 'param', key: 'model' },
  columns: { kind: 'values', by: { kind: 'param', key: 'dataset' }, metric: 'acc' },
  value: 'final',
  spread: 'std',
  baseline: 'A',
  directions: {}
};

describe('results table', () => {
  it('computes mean, std, 95% t-interval, best per column and Welch against the baseline', () => {
    const table = buildResultsTable(grid, spec);
    expect(table.rows).toEqual(['A', 'B']);
    expect(table.columns.map((c) => c.label)).toEqual(['d1', 'd2']);
    const [a1, a2] = table.cells[0]!;
    const [b1, b2] = table.cells[1]!;
    expect(a1!.n).toBe(3);
    expect(a1!.mean).toBeCloseTo(0.82, 12);
    expect(a1!.std).toBeCloseTo(0.02, 12);
    // scipy.stats.t.ppf(0.975, 2) * 0.02 / sqrt(3)
    expect(a1!.ci95).toBeCloseTo(0.04968275423500661, 10);
    expect(a2!.std).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(b2!.n).toBe(1);
    expect(b2!.std).toBeNaN();
    // Accuracy goes up: B is best on d1, A on d2 (B's single run there is lower).
    expect([a1!.best, a2!.best, b1!.best, b2!.best]).toEqual([false, true, true, false]);
    // scipy.stats.ttest_ind([.90,.92,.94], [.80,.82,.84], equal_var=False).pvalue
    expect(b1!.test!.p).toBeCloseTo(0.00360223260910398, 8);
    expect(b1!.test).toMatchObject({ significant: true, better: true });
    expect(b2!.test).toBeNull();
    expect(a1!.test).toBeNull();
    expect(table.runCount).toBe(9);
    expect(table.pooledParams).toEqual([]);
  });

  it('writes the LaTeX table computed by hand, booktabs rules and marks included', () => {
    const latex = resultsTableLatex(buildResultsTable(grid, spec), 3);
    const body = latex.split('\n').filter((l) => !l.startsWith('%'));
    expect(body.join('\n')).toBe(
      [
        '\\begin{tabular}{lcc}',
        '\\toprule',
        ' & \\multicolumn{2}{c}{acc by dataset} \\\\',
        '\\cmidrule(lr){2-3}',
        'model & d1 & d2 \\\\',
        '\\midrule',
        'A & $0.820 \\pm 0.020$ (3) & $\\mathbf{0.650 \\pm 0.071}$ (2) \\\\',
        'B & $\\mathbf{0.920 \\pm 0.020}^{\\dagger}$ (3) & $0.500$ (1) \\\\',
        '\\bottomrule',
        '\\end{tabular}',
        ''
      ].join('\n')
    );
    expect(latex).toContain('% Each cell: mean ± sample standard deviation');
  });

  it('shows the 95% interval instead of the std when asked', () => {
    const latex = resultsTableLatex(buildResultsTable(grid, { ...spec, spread: 'ci95' }), 3);
    // A/d1: 0.0497 → 0.050; A/d2: t(0.975, 1) · 0.0707 / √2 = 12.706 · 0.05 = 0.635.
    expect(latex).toContain('A & $0.820 \\pm 0.050$ (3) & $\\mathbf{0.650 \\pm 0.635}$ (2)');
    expect(latex).toContain('95% confidence interval (Student t, n − 1 df)'.replace('%', '\\%'));
  });

  it('takes each run’s best, min or max as asked, best following the metric’s direction', () => {
    const runs = [
      run({ model: 'A' }, 'loss', 0.5, 0.2, 0.9),
      run({ model: 'A' }, 'loss', 0.7, 0.4, 1.1),
      run({ model: 'B' }, 'loss', 0.3, 0.3, 0.8)
    ];
    const byMetric: ResultsTableSpec = {
      ...spec,
      columns: { kind: 'metrics', metrics: ['loss'] },
      baseline: null
    };
    const mean = (s: Partial<ResultsTableSpec>) =>
      buildResultsTable(runs, { ...byMetric, ...s }).cells.map((row) => row[0]!.mean);
    expect(mean({ value: 'final' })[0]).toBeCloseTo(0.6);
    // Loss goes down, so its best is its min.
    expect(mean({ value: 'best' })[0]).toBeCloseTo(0.3);
    expect(mean({ value: 'min' })[0]).toBeCloseTo(0.3);
    expect(mean({ value: 'max' })[0]).toBeCloseTo(1.0);
    const final = buildResultsTable(runs, byMetric);
    expect(final.cells.map((row) => row[0]!.best)).toEqual([false, true]);
    // Told that higher is better, A's 0.6 wins.
    const higher = buildResultsTable(runs, { ...byMetric, directions: { loss: 'higher' } });
    expect(higher.cells.map((row) => row[0]!.best)).toEqual([true, false]);
  });

  it('names params pooled inside a cell, not the seed', () => {
    const runs = [
      run({ model: 'A', lr: '0.1', seed: '0' }, 'acc', 0.5),
      run({ model: 'A', lr: '0.01', seed: '1' }, 'acc', 0.6)
    ];
    const table = buildResultsTable(runs, {
      ...spec,
      columns: { kind: 'metrics', metrics: ['acc'] }
    });
    expect(table.pooledParams).toEqual(['lr']);
  });

  it('escapes every LaTeX special character of names from files', () => {
    expect(escapeLatex('a&b%c$d#e_f{g}h~i^j\\k')).toBe(
      'a\\&b\\%c\\$d\\#e\\_f\\{g\\}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k'
    );
    expect(escapeLatex('two\nlines\\\\')).toBe('two lines\\textbackslash{}\\textbackslash{}');
    const hostile = grid.map((r) =>
      r.params.get('model') === 'B'
        ? { ...r, params: new Map([...r.params, ['model', 'B_1 & 50% $x$ \\end{tabular}']]) }
        : r
    );
    const latex = resultsTableLatex(buildResultsTable(hostile, spec), 3);
    expect(latex).toContain(
      'B\\_1 \\& 50\\% \\$x\\$ \\textbackslash{}end\\{tabular\\} & $\\mathbf{0.920'
    );
    expect(latex.match(/\\end\{tabular\}/g)).toHaveLength(1);
  });

  it('writes Markdown with escaped names and CSV with one record per cell', () => {
    const table = buildResultsTable(grid, spec);
    const md = resultsTableMarkdown(table, 3).split('\n');
    expect(md.slice(0, 4)).toEqual([
      '| model / dataset (acc) | d1 | d2 |',
      '| :--- | ---: | ---: |',
      '| A | 0.820 ± 0.020 (n=3) | **0.650 ± 0.071** (n=2) |',
      '| B | **0.920 ± 0.020** † (n=3) | 0.500 (n=1) |'
    ]);
    expect(escapeMarkdown('a|b*c_<script>')).toBe('a\\|b\\*c\\_\\<script\\>');
    const csv = resultsTableCsv(table).split('\r\n');
    expect(csv[0]).toBe(
      'model,dataset,metric,value,n,mean,std,ci95_low,ci95_high,best,p_vs_baseline,significant'
    );
    expect(csv).toHaveLength(1 + 4 + 1);
    const b1 = csv[3]!.split(',');
    expect(b1.slice(0, 5)).toEqual(['B', 'd1', 'acc', 'final', '3']);
    expect(Number(b1[5])).toBeCloseTo(0.92, 12);
    expect(b1[9]).toBe('yes');
    expect(Number(b1[10])).toBeCloseTo(0.0036022326, 8);
  });

  it('suggests rows by the param with most values and columns by the next, never the seed', () => {
    const layout = suggestLayout(grid, 'acc');
    // model and dataset both have two values: name order breaks the tie.
    expect(layout).toEqual({
      rows: { kind: 'param', key: 'dataset' },
      columns: { kind: 'values', by: { kind: 'param', key: 'model' }, metric: 'acc' }
    });
    expect(
      suggestLayout([run({ seed: '0' }, 'acc', 1), run({ seed: '1' }, 'acc', 2)], 'acc')
    ).toBeNull();
    // Folds, one run each: nothing groups them, so a row per fold.
    const folds = [0, 1, 2].map((f) => run({ fold: String(f), seed: '0' }, 'acc', f));
    expect(suggestLayout(folds, 'acc')).toEqual({
      rows: { kind: 'param', key: 'fold' },
      columns: { kind: 'metrics', metrics: ['acc'] }
    });
    // Only the runs that recorded the target count; a param of one run per value is no axis.
    const mixed = [
      ...grid,
      run({ fold: '0', model: 'A' }, 'f1', 0.9),
      run({ fold: '1', model: 'B' }, 'f1', 0.8),
      run({ fold: '2', model: 'B' }, 'f1', 0.7),
      run({ fold: '3', model: 'B' }, 'f1', 0.7)
    ];
    expect(suggestLayout(mixed, 'acc')).toEqual(layout);
    expect(suggestLayout(mixed, 'f1')).toEqual({
      rows: { kind: 'param', key: 'model' },
      columns: { kind: 'metrics', metrics: ['f1'] }
    });
  });

  it('never groups a large sweep by a param with a value per run or nearly', () => {
    // 2,000 runs: lr drawn at random (1,999 values, one repeated), width of 8 values, 4 optimizers.
    // Rows by lr and columns by width made a table of 2,000 × 8 cells; at 10,000 runs × 5,000
    // values it crashed the tab. Rows by width, the grouping param with most values, columns by
    // the optimizer.
    const optimizers = ['adam', 'sgd', 'lion', 'adamw'];
    const sweep = Array.from({ length: 2000 }, (_, i) =>
      run(
        {
          lr: String(i === 1 ? 0 : i),
          width: String(64 << (i % 8)),
          optimizer: optimizers[i % 4]!
        },
        'acc',
        i / 2000
      )
    );
    expect(suggestLayout(sweep, 'acc')).toEqual({
      rows: { kind: 'param', key: 'width' },
      columns: { kind: 'values', by: { kind: 'param', key: 'optimizer' }, metric: 'acc' }
    });
    // Only continuous params: no layout, rather than a row per run.
    const continuous = sweep.map((_, i) =>
      run({ lr: String(i), dropout: String(i / 7) }, 'acc', 1)
    );
    expect(suggestLayout(continuous, 'acc')).toBeNull();
  });
});

describe("the pinned run's row as the baseline", () => {
  const keyed = grid.map((r, i) => ({ ...r, key: `mlflow|e|r${i}` }));

  it('tests against the row holding the pinned run when no row is chosen', () => {
    // r5 is model B: B becomes the reference, and A on d1 (0.82 against 0.92) is worse.
    const table = buildResultsTable(keyed, { ...spec, baseline: null, baselineRun: 'mlflow|e|r5' });
    expect(table.baseline).toBe('B');
    expect(table.baselineFrom).toBe('pinned');
    expect(table.cells[1]![0]!.test).toBeNull();
    expect(table.cells[0]![0]!.test?.better).toBe(false);
  });

  it('lets a chosen row win over the pinned run, and tests nothing for a run not in the table', () => {
    const chosen = buildResultsTable(keyed, { ...spec, baseline: 'A', baselineRun: 'mlflow|e|r5' });
    expect([chosen.baseline, chosen.baselineFrom]).toEqual(['A', 'row']);
    const elsewhere = buildResultsTable(keyed, {
      ...spec,
      baseline: null,
      baselineRun: 'mlflow|e|gone'
    });
    expect([elsewhere.baseline, elsewhere.baselineFrom]).toEqual([null, null]);
    expect(elsewhere.cells.flat().every((c) => c.test === null)).toBe(true);
  });
});
