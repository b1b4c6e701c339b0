// The interoperability suite (docs/interop.md): the real writers (TensorBoard's own writer code,
// tensorboardX, dvclive, Optuna, trackio, MLflow's client over SQLite, Lightning's CSVLogger,
// transformers' Trainer, Keras' CSVLogger, keras-tuner, wandb offline, neptune-exporter's layout) write randomised
// runs, each tool's own reader says what it sees, and tests/interop/*.test.ts checks that
// `runlens summary --json` shows the same. The seed changes every run and is printed;
// RUNLENS_INTEROP_SEED=<seed> replays it. Writers run in parallel, one per core
// (RUNLENS_INTEROP_JOBS=1 runs them one after another).
//   node scripts/interop.js            (npm test runs it after the unit tests)
//   RUNLENS_INTEROP_SEED=123 node scripts/interop.js
//   RUNLENS_INTEROP_KEEP=1 ...         keeps the written logdirs even when everything agrees
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureVenv } from './python-venv.js';

/**
 * One entry per writer: the script that writes runs, the reader that prints what the native tool
 * sees, the `format` the comparison dispatches on, and what its runs must cover (so a plan that
 * stopped writing, say, float16 tensors fails instead of passing with less).
 */
export const WRITERS = [
  {
    name: 'tensorboard',
    script: 'tests/interop/writers/tensorboard_writer.py',
    reader: 'tests/interop/read_tensorboard.py',
    format: 'tensorboard',
    covers: [
      'dtype:float16',
      'dtype:float32',
      'dtype:float64',
      'dtype:int32',
      'dtype:int64',
      'dtype:bool',
      'plugin:none',
      'text',
      'images',
      'hparams',
      'status',
      'split-folder',
      'several-files',
      'cut-off'
    ]
  },
  {
    name: 'tensorboardx',
    script: 'tests/interop/writers/tensorboardx_writer.py',
    reader: 'tests/interop/read_tensorboard.py',
    format: 'tensorboard',
    covers: [
      'dtype:float32',
      'text',
      'images',
      'hparams',
      'status',
      'split-folder',
      'several-files'
    ]
  },
  {
    name: 'dvclive',
    script: 'tests/interop/writers/dvclive_writer.py',
    reader: 'tests/interop/read_dvclive.py',
    format: 'dvclive',
    covers: [
      'params',
      'nested-name',
      'timestamp',
      'nonfinite',
      'summary-only',
      'report',
      'dvcyaml',
      'custom-dir'
    ]
  },
  {
    name: 'optuna',
    script: 'tests/interop/writers/optuna_writer.py',
    reader: 'tests/interop/read_optuna.py',
    format: 'optuna',
    covers: [
      'state:COMPLETE',
      'state:PRUNED',
      'state:FAIL',
      'state:WAITING',
      'state:RUNNING',
      'multi-objective',
      'intermediate',
      'user-attrs',
      'template',
      'enqueued',
      'param:optimizer',
      'param:layers',
      'param:batch',
      'param:lr',
      'param:dropout',
      'torn',
      'rdb',
      'nonfinite'
    ]
  },
  {
    name: 'trackio',
    script: 'tests/interop/writers/trackio_writer.py',
    reader: 'tests/interop/read_trackio.py',
    format: 'trackio',
    covers: [
      'nonfinite',
      'system',
      'not-plotted',
      'step-gap',
      'repeated-step',
      'same-name',
      'resumed',
      'unnamed',
      'nested-config',
      'dotted-key',
      'group'
    ]
  },
  {
    // pyarrow with neptune-exporter's SCHEMA and layout (the exporter is not on PyPI).
    name: 'neptune',
    script: 'tests/interop/writers/neptune_writer.py',
    reader: 'tests/interop/read_neptune.py',
    format: 'neptune-exporter',
    covers: [
      'decimal-steps',
      'nan',
      'inf',
      'fork',
      'failed',
      'results',
      'several-parts',
      'old-layout',
      'unfinished',
      'unknown-type',
      'string-series',
      'histograms',
      'files',
      'file-series',
      'file-set'
    ]
  },
  {
    name: 'mlflow-sqlite',
    script: 'tests/interop/writers/mlflow_sqlite_writer.py',
    reader: 'tests/interop/read_mlflow_sqlite.py',
    format: 'mlflow-sqlite',
    covers: [
      'status:FINISHED',
      'status:FAILED',
      'status:KILLED',
      'status:RUNNING',
      'status:SCHEDULED',
      'nested',
      'nested-chain',
      'long-history',
      'out-of-order',
      'repeated-step',
      'nan',
      'infinity',
      'unicode-params',
      'unicode-tags',
      'deleted-run',
      'deleted-experiment',
      'registered-model',
      'stage',
      'alias',
      'dataset',
      'logged-model',
      'system-metrics',
      'trace',
      'empty-store'
    ]
  },
  {
    name: 'lightning',
    script: 'tests/interop/writers/lightning_writer.py',
    format: 'lightning-csv',
    covers: [
      'trainer',
      'lr-monitor',
      'step-and-epoch',
      'validation',
      'nan',
      'nonfinite',
      'tensor',
      'prefix',
      'implicit-step',
      'new-key',
      'hparams',
      'nested-hparams',
      'params-only',
      'several-versions',
      'given-version',
      'string-version',
      'experiment:default',
      'experiment:custom',
      'experiment:none'
    ]
  },
  {
    name: 'hf-trainer',
    script: 'tests/interop/writers/hf_trainer_writer.py',
    format: 'hf-trainer',
    covers: [
      'max-steps',
      'epochs',
      'eval-steps',
      'eval-epoch',
      'eval-logs',
      'best-checkpoint',
      'best-metric',
      'checkpoints',
      'several-states',
      'checkpoints-only',
      'interrupted',
      'killed',
      'resumed',
      'results',
      'results-files',
      'test-results',
      'nan'
    ]
  },
  {
    name: 'keras',
    script: 'tests/interop/writers/keras_writer.py',
    format: 'keras-csv',
    covers: [
      'validation',
      'validation-freq',
      'no-validation',
      'NA',
      'learning-rate',
      'learning-rate-column',
      'custom-value',
      'nan',
      'nan-loss',
      'nan-cell',
      'separator:,',
      'separator:;',
      'separator:tab',
      'append-continue',
      'append-restart',
      'epochs-restart'
    ]
  },
  {
    name: 'keras-tuner',
    script: 'tests/interop/writers/keras_tuner_writer.py',
    format: 'keras-tuner',
    covers: [
      'random',
      'hyperband',
      'status:COMPLETED',
      'status:FAILED',
      'status:RUNNING',
      'message',
      'executions:2',
      'objective:builtin',
      'objective:custom',
      'conditional',
      'default-project',
      'start-time'
    ]
  },
  {
    // Offline runs (WANDB_MODE=offline); read back with wandb's own protobuf record classes.
    name: 'wandb',
    script: 'tests/interop/writers/wandb_writer.py',
    reader: 'tests/interop/read_wandb.py',
    format: 'wandb',
    covers: [
      'crashed',
      'exit:0',
      'exit:non-zero',
      'system',
      'step-metric',
      'glob-step-metric',
      'tags',
      'notes',
      'group',
      'job-type',
      'display-name',
      'no-display-name',
      'nested-config',
      'list-config',
      'step-gap',
      'nested-key',
      'deep-key',
      'nan',
      'inf',
      '-inf',
      'summary-only',
      'summary-override',
      'git-patch'
    ]
  }
];

const seed = process.env.RUNLENS_INTEROP_SEED?.trim() || String(randomInt(1, 2 ** 31));
const replay = `RUNLENS_INTEROP_SEED=${seed} node scripts/interop.js`;
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** The writers still running, ended when another one fails. */
const running = new Set();

function fail(message, keep) {
  for (const child of running) child.kill();
  console.error(`\n${message}`);
  console.error(`Seed ${seed}; replay with: ${replay}`);
  if (keep) console.error(`The written logdirs are kept in ${keep}`);
  process.exit(1);
}

/** Runs python with a script; resolves to its stdout (stderr passes through). */
function python(exe, args, what, keep) {
  return new Promise((done) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    running.add(child);
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => fail(`${what} failed (${error.message}).`, keep));
    child.on('close', (code, signal) => {
      running.delete(child);
      if (code !== 0) fail(`${what} failed (exit ${code ?? signal}).`, keep);
      done(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** One writer: its runs, and what its native reader sees in them. Returns the manifest entry. */
async function runWriter(w, exe, out) {
  const logdir = join(out, w.name, 'logs');
  mkdirSync(logdir, { recursive: true });
  const view = join(out, w.name, 'view.json');
  const began = Date.now();
  let said;
  if (w.reader) {
    said = await python(exe, [w.script, logdir, seed], `The ${w.name} writer`, out);
    writeFileSync(view, await python(exe, [w.reader, logdir], `Reading ${w.name}'s logdir`, out));
  } else {
    // Writers whose library takes seconds to import (torch) read back in the same process.
    said = await python(exe, [w.script, logdir, seed, view], `The ${w.name} writer`, out);
  }
  const took = ((Date.now() - began) / 1000).toFixed(1);
  process.stdout.write(`${said}${w.name}: written and read back in ${took} s\n`);
  return { ...w, logdir: resolve(logdir), view: resolve(view) };
}

console.log(`Interoperability seed ${seed} (replay: ${replay})`);
const exe = ensureVenv();
const out = mkdtempSync(join(tmpdir(), `runlens-interop-${seed}-`));
// The writers are independent: as many run at once as there are cores (RUNLENS_INTEROP_JOBS
// overrides), each single-threaded (torch.set_num_threads(1)).
const jobs = Number(process.env.RUNLENS_INTEROP_JOBS) || availableParallelism();
const entries = new Array(WRITERS.length);
let next = 0;
async function worker() {
  while (next < WRITERS.length) {
    const i = next++;
    entries[i] = await runWriter(WRITERS[i], exe, out);
  }
}
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
const manifest = { seed, replay, writers: entries };
const manifestPath = join(out, 'manifest.json');
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
console.log(`Written and read back in ${seconds()}; comparing with runlens summary…`);

const result = spawnSync('npx', ['vitest', 'run', '--config', 'tests/interop/vitest.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', RUNLENS_INTEROP_MANIFEST: manifestPath }
});
if (result.status !== 0)
  fail(`Runlens and the native tool disagree (see above), after ${seconds()}.`, out);
if (process.env.RUNLENS_INTEROP_KEEP) console.log(`Logdirs kept in ${out}`);
else rmSync(out, { recursive: true, force: true });
console.log(
  `Interoperability: Runlens agrees with the native tools on seed ${seed} (${seconds()}).`
);
