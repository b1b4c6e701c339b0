// Runlens JSON: the importer on the bundled sample (three ways) and on files that break the rules.
import { testContext } from './helpers/import-context';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { runlensJsonImporter } from '../../src/lib/importers/runlens-json';
import { detectImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { summarizeSeries, type ImportedBatch } from '../../src/lib/model';
import { experiment, run } from './helpers/batches';

const ctx = testContext();
const SAMPLE = 'static/sample/runlens-sample.json';

async function importBytes(name: string, bytes: Uint8Array): Promise<ImportedBatch> {
  const source = new ImportSource(sourceFromBytes(name, bytes));
  const importer = await detectImporter(source);
  return importer.parse(source, ctx);
}

async function importText(text: string): Promise<ImportedBatch> {
  return importBytes('t.json', new TextEncoder().encode(text));
}

/** A small, human-readable summary: what a person would check after an import. */
function summary(batch: ImportedBatch) {
  return {
    experiments: batch.experiments.map((e) => `${e.id}:${e.name}`).sort(),
    runs: batch.runs.length,
    nested: batch.runs.filter((r) => r.parentId !== null).length,
    statuses: batch.runs.map((r) => r.status).sort(),
    params: batch.runs.reduce((n, r) => n + r.params.size, 0),
    points: batch.runs.reduce((n, r) => n + r.metrics.reduce((m, s) => m + s.values.length, 0), 0),
    artifacts: batch.runs.flatMap((r) => r.artifacts.map((a) => `${a.path}:${a.size}`)).sort()
      .length,
    bestValAccuracy: Math.max(
      ...batch.runs.map((r) => {
        const s = r.metrics.find((m) => m.key === 'val/accuracy');
        return s ? summarizeSeries(s).max : -Infinity;
      })
    )
  };
}

describe('the bundled sample', () => {
  const bytes = new Uint8Array(readFileSync(SAMPLE));

  it('imports as a grid search plus a nested cross-validation', async () => {
    const s = summary(await importBytes('runlens-sample.json', bytes));
    expect(s.experiments).toEqual(['1:cifar10-resnet-grid', '2:bert-finetune-cv']);
    expect(s.runs).toBe(33);
    expect(s.nested).toBe(5);
    expect(s.statuses.filter((x) => x !== 'FINISHED')).toEqual(['FAILED', 'KILLED', 'RUNNING']);
    expect(s.points).toBeGreaterThan(5000);
    expect(s.artifacts).toBeGreaterThan(0);
  });

  it('imports the same under a meaningless name (detection is by content)', async () => {
    const named = summary(await importBytes('runlens-sample.json', bytes));
    expect(summary(await importBytes('unknown', bytes))).toEqual(named);
  });

  it('survives export and re-import unchanged', async () => {
    const first = await importBytes('runlens-sample.json', bytes);
    const again = await importText(writeRunlensJson(first));
    expect(summary(again)).toEqual(summary(first));
    // Full fidelity: same values bit for bit, same artifact bytes.
    for (const [i, r] of first.runs.entries()) {
      const r2 = again.runs[i]!;
      expect([...r2.params]).toEqual([...r.params]);
      expect([...r2.tags]).toEqual([...r.tags]);
      for (const [j, m] of r.metrics.entries()) {
        const m2 = r2.metrics[j]!;
        expect(Buffer.from(m2.values.buffer).equals(Buffer.from(m.values.buffer))).toBe(true);
        expect(Buffer.from(m2.timestamps.buffer).equals(Buffer.from(m.timestamps.buffer))).toBe(
          true
        );
      }
      expect(r2.artifacts.map((a) => a.content && Buffer.from(a.content).toString('hex'))).toEqual(
        r.artifacts.map((a) => a.content && Buffer.from(a.content).toString('hex'))
      );
    }
  });

  it('keeps the hostile note as plain text', async () => {
    const batch = await importBytes('runlens-sample.json', bytes);
    const notes = batch.runs.map((r) => r.tags.get('mlflow.note.content') ?? '');
    expect(notes.some((n) => n.includes('<img src=x onerror=alert(1)>'))).toBe(true);
  });
});

describe('Runlens JSON rules', () => {
  const doc = (runs: unknown[]) =>
    JSON.stringify({ format: 'runlens', version: 1, experiments: [{ id: '1', name: 'e' }], runs });

  it('rejects a metric key given twice in one run', async () => {
    const text = doc([
      {
        id: 'r',
        experimentId: '1',
        metrics: [
          { key: 'loss', values: [1] },
          { key: 'loss', values: [2] }
        ]
      }
    ]);
    await expect(importText(text)).rejects.toThrow(
      'runs[0].metrics[1]: metric "loss" appears twice in this run'
    );
  });

  it.each(['../escape.txt', 'a/../../b', '..\\..\\win.ini', '/etc/passwd', 'C:/x', ''])(
    'rejects the artifact path %j',
    async (path) => {
      const text = doc([{ id: 'r', experimentId: '1', artifacts: [{ path, text: 'x' }] }]);
      await expect(importText(text)).rejects.toThrow(/runs\[0\]\.artifacts\[0\]\.path/);
    }
  );

  it('names a missing required member plainly', async () => {
    await expect(importText(doc([{ experimentId: '1' }]))).rejects.toThrow(
      'runs[0].id: expected text, found nothing (the member is missing)'
    );
  });

  it('rejects a run whose experiment is not in the file', async () => {
    await expect(importText(doc([{ id: 'r', experimentId: '7' }]))).rejects.toThrow(
      /names experiment "7"/
    );
  });

  it('writes text artifacts that are not valid UTF-8 as base64, so every byte comes back', async () => {
    const content = Uint8Array.from([0xf0, 0x9f, 0x98, 0x41]);
    const batch: ImportedBatch = {
      experiments: [experiment('1')],
      runs: [
        run('a', '1', {
          artifacts: [{ path: 'log.txt', size: 4, mediaType: 'text/plain', content }]
        })
      ]
    };
    const back = await importText(writeRunlensJson(batch));
    expect([...back.runs[0]!.artifacts[0]!.content!]).toEqual([...content]);
  });

  it('does not claim JSON that is not Runlens JSON', async () => {
    const source = new ImportSource(
      sourceFromBytes('x.json', new TextEncoder().encode('{"runs": []}'))
    );
    expect(await runlensJsonImporter.sniff(source)).toBeNull();
  });
});
