// Recognisers name files no importer read, by their head (content first, name as a hint).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileTree } from '../../src/lib/importers/file-tree';
import {
  aloneMessage,
  factsOf,
  reasonOf,
  recognise,
  type Recognition
} from '../../src/lib/importers/recognise/recogniser';
import { countOfPhrase, pluralOf, withArticle } from '../../src/lib/importers/recognise/wording';
import { RECOGNISERS } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p))
  );

/** What a file is called, given its path, bytes and the other files dropped with it. */
async function reasonFor(
  path: string,
  content: Uint8Array | string,
  others: string[] = []
): Promise<string> {
  const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const source = new ImportSource(sourceFromBytes(path, data));
  const tree = new FileTree([
    source,
    ...others.map((p) => new ImportSource(sourceFromBytes(p, new Uint8Array(1))))
  ]);
  return reasonOf(recognise(await factsOf(source, tree), RECOGNISERS));
}

const REAL = 'tests/fixtures/real';

describe('recognisers on real heads', () => {
  it.each([
    // Read by the W&B importer inside its run folder; met on its own it is named as such.
    [
      'wandb/honours-keras-wandb-0.21.4-2025/src/wandb/run-20250913_195802-wzjzahf2/files/config.yaml',
      'W&B run file: read only with its run folder'
    ],
    [
      'tensorboard/catboost-info-ds4b-2023/catboost_info/learn/events.out.tfevents',
      'TensorBoard event file: not supported yet'
    ],
    ['tensorboard/tf1-estimator-mnist-2018/checkpoint', 'TensorFlow checkpoint index: not run data']
  ])('%s', async (path, reason) => {
    expect(await reasonFor(path, new Uint8Array(readFileSync(`${REAL}/${path}`)))).toBe(reason);
  });

  it('reads the content, not the name: a renamed event file or SQLite store', async () => {
    const events = readFileSync(
      `${REAL}/tensorboard/tf1-estimator-mnist-2018/events.out.tfevents.1520430462.Haydens-MacBook-Pro.local`
    );
    expect(await reasonFor('unknown', new Uint8Array(events))).toBe(
      'TensorBoard event file: not supported yet'
    );
    const sqlite = new TextEncoder().encode('SQLite format 3\u0000 CREATE TABLE notes (body TEXT)');
    expect(await reasonFor('unknown', sqlite)).toBe('SQLite database: no runs Runlens recognises');
  });
});

describe('recognisers on synthetic heads', () => {
  it.each([
    [
      'model.pt',
      bytes('PK', [3, 4], new Array(22).fill(0), [16, 0, 0, 0], 'archive/data.pkl'),
      'PyTorch checkpoint: not run data'
    ],
    ['old.pth', bytes([0x80, 2, 0x8a, 10]), 'PyTorch checkpoint: not run data'],
    ['features.pkl', bytes([0x80, 4, 0x95]), 'Python pickle: not run data'],
    [
      'model.safetensors',
      bytes([20, 0, 0, 0, 0, 0, 0, 0], '{"w":{"dtype":"F32"}}'),
      'safetensors weights file: not run data'
    ],
    ['weights.h5', bytes([0x89], 'HDF\r\n', [0x1a], '\n'), 'HDF5 file: not run data'],
    ['x.npy', bytes([0x93], 'NUMPY', [1, 0]), 'NumPy array file: not run data'],
    ['model.onnx', bytes([8, 7, 0x12, 3], 'pt'), 'ONNX model: not run data'],
    ['plot.png', bytes([0x89], 'PNG\r\n'), 'image: not run data'],
    [
      'logs.tar.gz',
      bytes([0x1f, 0x8b, 8]),
      'archive: Runlens unpacks only zip archives; unpack it or zip it'
    ],
    ['data.parquet', bytes('PAR1', [0x15, 0]), 'Parquet file: no runs Runlens recognises'],
    // Optuna's and trackio's databases are read by their importers; a head alone is just SQLite.
    [
      'optuna.db',
      bytes('SQLite format 3', [0], 'CREATE TABLE studies ('),
      'SQLite database: no runs Runlens recognises'
    ],
    ['cache.sqlite', bytes('SQLite format 3', [0]), 'SQLite database: no runs Runlens recognises'],
    [
      'trace.pt.trace.json',
      '{"schemaVersion": 1, "traceEvents": []}',
      'profiler trace: not run data'
    ],
    ['train.py', 'import torch\n', 'source file: not run data'],
    ['analysis.ipynb', '{"cells": [], "nbformat": 4}', 'Jupyter notebook: not run data'],
    ['requirements.txt', 'torch==2.3\n', 'project file: not run data'],
    ['NOTES', 'remember to rerun\n', 'text file: not run data'],
    ['points.json', '{"a": 1}', 'JSON file: no runs Runlens recognises'],
    ['table.csv', 'a,b\n1,2\n', 'CSV file: no runs Runlens recognises'],
    ['blob.bin', bytes([0, 1, 2, 3, 250]), 'unrecognised file: not a format Runlens knows']
  ])('%s', async (path, content, reason) => {
    expect(await reasonFor(path, content)).toBe(reason);
  });

  it('uses the folder: params.yaml is DVC only beside dvc.yaml', async () => {
    expect(await reasonFor('exp/params.yaml', 'lr: 0.1\n', ['exp/dvc.yaml'])).toBe(
      'DVC params file: not supported yet'
    );
    expect(await reasonFor('exp/params.yaml', 'lr: 0.1\n')).toBe(
      'YAML file: no runs Runlens recognises'
    );
  });
});

describe('messages', () => {
  const wandbLog: Recognition = { format: 'W&B transaction log', verdict: 'unsupported' };

  it('names the format of a file dropped alone', () => {
    expect(aloneMessage(wandbLog, 'Runlens JSON')).toBe(
      'looks like a W&B transaction log, which Runlens cannot read yet'
    );
    expect(aloneMessage({ format: 'ONNX model', verdict: 'not-run-data' }, 'x')).toBe(
      'looks like an ONNX model, which is not run data'
    );
    expect(aloneMessage({ format: 'JSON file', verdict: 'no-runs' }, 'Runlens JSON')).toBe(
      'is a JSON file with no runs Runlens recognises (it reads: Runlens JSON)'
    );
  });

  it('puts a or an before a format, reading acronyms letter by letter', () => {
    expect(
      [
        'MLflow SQLite store',
        'W&B run file',
        'image',
        'HDF5 file',
        'NumPy array',
        'unrecognised file',
        'SQLite database'
      ].map(withArticle)
    ).toEqual([
      'an MLflow SQLite store',
      'a W&B run file',
      'an image',
      'an HDF5 file',
      'a NumPy array',
      'an unrecognised file',
      'an SQLite database'
    ]);
  });

  it('counts a format in the plural', () => {
    expect(
      [
        'W&B transaction log',
        'W&B run summary',
        'Ultralytics results CSV',
        'archive',
        'MLflow mlruns folders',
        'process'
      ].map(pluralOf)
    ).toEqual([
      'W&B transaction logs',
      'W&B run summaries',
      'Ultralytics results CSVs',
      'archives',
      'MLflow mlruns folders',
      'processes'
    ]);
    expect(countOfPhrase(1, 'image')).toBe('1 image');
    expect(countOfPhrase(1200, 'image')).toBe('1,200 images');
  });
});
