// A metric against a hyperparameter (issue 16, item 5): a sweep of two models × four learning
// rates × three seeds; the chart starts on lr with one line per model, pools the seeds at each
// point (mean ± std, checked against values computed here), and follows the person's choices.
import { writeFileSync } from 'node:fs';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { expect, screenshotPath, test } from './fixtures';

const MODELS = ['resnet', 'vit'];
const LRS = ['0.0001', '0.001', '0.01', '0.1'];
const SEEDS = [0, 1, 2];

/** Final val/acc of one run: best at lr 0.001, vit above resnet, a seed's noise. */
function finalAcc(m: number, l: number, s: number): number {
  return Number((0.7 + 0.1 * m - 0.04 * Math.abs(l - 1) + [-0.01, 0.002, 0.011][s]!).toFixed(6));
}

function sweep(): string {
  const start = 1_700_000_000_000;
  const runs: Run[] = [];
  MODELS.forEach((model, m) =>
    LRS.forEach((lr, l) =>
      SEEDS.forEach((seed, s) => {
        const final = finalAcc(m, l, s);
        // Peaks 0.03 above the final value: "best" differs from "final".
        const values = Float64Array.from([0.2, final + 0.03, final]);
        const steps = Float64Array.from(values, (_, i) => i);
        runs.push({
          id: `lr-${m}-${l}-${s}`,
          experimentId: 'sweep',
          name: `${model} lr=${lr} s${seed}`,
          status: 'FINISHED',
          startTime: start,
          endTime: start + 3000,
          deleted: false,
          parentId: null,
          params: new Map([
            ['model', model],
            ['lr', lr],
            ['seed', String(seed)]
          ]),
          tags: new Map(),
          metrics: [
            {
              key: 'val/acc',
              steps,
              values,
              timestamps: Float64Array.from(steps, (t) => start + t)
            }
          ],
          artifacts: [],
          source: { format: 'runlens-json', file: 'sweep.json' }
        });
      })
    )
  );
  const batch: ImportedBatch = {
    experiments: [{ id: 'sweep', name: 'sweep', deleted: false, tags: new Map() }],
    runs
  };
  return writeRunlensJson(batch);
}

function meanStd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return `${Number(mean.toPrecision(4))} ± ${Number(std.toPrecision(4))}`;
}

test('final accuracy against the learning rate, one line per model, seeds pooled', async ({
  page
}, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const file = info.outputPath('sweep.json');
  writeFileSync(file, sweep());
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const ids = MODELS.flatMap((_, m) =>
    LRS.flatMap((_, l) => SEEDS.map((s) => `lr-${m}-${l}-${s}`))
  );
  await page.goto(`/compare?runs=${ids.join(',')}`);
  await page.getByRole('link', { name: 'Hyperparameters', exact: true }).click();

  const panel = page.getByTestId('param-lines');
  await expect(panel.getByTestId('param-lines-x')).toHaveValue('lr');
  await expect(panel.getByTestId('param-lines-by')).toHaveValue('model');
  await expect(panel.getByTestId('param-lines-metric')).toHaveValue('val/acc');
  const lines = panel.getByTestId('param-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toHaveAttribute('data-label', 'resnet');
  await expect(lines.nth(0).getByTestId('param-point')).toHaveCount(4);
  await expect(panel.getByTestId('param-lines-note')).toContainText('final val/acc of 24 runs');
  // lr spans three decades: a log axis by default.
  await expect(panel.getByRole('checkbox', { name: 'log x' })).toBeChecked();

  // vit at lr 0.001: the three seeds' final values, pooled.
  const vitAt001 = SEEDS.map((_, s) => finalAcc(1, 1, s));
  await expect(lines.nth(1).getByTestId('param-point').nth(1).locator('title')).toHaveText(
    `lr = 0.001 · vit: ${meanStd(vitAt001)} (n = 3)`
  );
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshotPath('param-lines'), fullPage: true });

  // Best instead of final: every value 0.03 higher (val/acc is higher-is-better).
  await panel.getByTestId('param-lines-value').selectOption('best');
  await expect(lines.nth(1).getByTestId('param-point').nth(1).locator('title')).toHaveText(
    `lr = 0.001 · vit: ${meanStd(vitAt001.map((v) => v + 0.03))} (n = 3)`
  );

  // One line: both models pooled at each learning rate.
  await panel.getByTestId('param-lines-by').selectOption('');
  await expect(lines).toHaveCount(1);
  await expect(lines.nth(0).getByTestId('param-point').nth(0).locator('title')).toContainText(
    '(n = 6)'
  );
});
