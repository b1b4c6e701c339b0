// Generates the bundled sample, static/sample/runlens-sample.json, in Runlens JSON version 1
// (docs/runlens-json-format.md). Deterministic: a seeded PRNG and a fixed base time, so running it
// again gives the same file byte for byte (given the same zlib).
//
// Run it with `npm run sample`, which is meant to run `node --import tsx scripts/make-sample.ts`
// (this script does not edit package.json; `npx tsx scripts/make-sample.ts` does the same).
//
// What it contains:
// - experiment 1 "cifar10-resnet-grid": 27 ResNet-18 runs, lr × batch size × optimizer, 30 epochs
//   each, with one run diverged (FAILED, ending in Infinity and NaN), one KILLED and one RUNNING;
// - experiment 2 "bert-finetune-cv": a parent run "cv-search" with five fold runs as children.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type {
  Artifact,
  Experiment,
  ImportedBatch,
  MetricSeries,
  Run,
  RunStatus
} from '../src/lib/model';
import { writeRunlensJson } from '../src/lib/export/runlens-json-writer';

const OUT_DIR = 'static/sample';
const OUT_FILE = `${OUT_DIR}/runlens-sample.json`;
const SOURCE = { format: 'runlens-json', file: 'runlens-sample.json' };
const BASE_TIME = Date.UTC(2026, 2, 2, 9, 0, 0); // 2026-03-02T09:00:00Z

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a small, fast 32-bit PRNG; good enough for plausible noise. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(20260302);

function uniform(lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

/** Standard normal (Box–Muller). */
function gauss(): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function hex(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Rounds to `digits` significant digits, as a logger printing `%.{digits}g` would. */
function sig(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Collects one metric's points in logging order. */
class SeriesBuilder {
  readonly steps: number[] = [];
  readonly values: number[] = [];
  readonly timestamps: number[] = [];
  constructor(readonly key: string) {}

  log(step: number, value: number, timestamp: number): void {
    this.steps.push(step);
    this.values.push(value);
    this.timestamps.push(Math.round(timestamp));
  }

  build(): MetricSeries {
    return {
      key: this.key,
      steps: Float64Array.from(this.steps),
      values: Float64Array.from(this.values),
      timestamps: Float64Array.from(this.timestamps)
    };
  }
}

class MetricLog {
  readonly #series = new Map<string, SeriesBuilder>();

  log(key: string, step: number, value: number, timestamp: number): void {
    let s = this.#series.get(key);
    if (!s) {
      s = new SeriesBuilder(key);
      this.#series.set(key, s);
    }
    s.log(step, value, timestamp);
  }

  build(): MetricSeries[] {
    return [...this.#series.values()].map((s) => s.build());
  }
}

function textArtifact(path: string, mediaType: string, text: string): Artifact {
  const content = new TextEncoder().encode(text);
  return { path, mediaType, size: content.byteLength, content };
}

/** A float as Python's `f"{x:.4f}"` prints it (`nan`, `inf`). */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(4);
}

/** `2026-03-02 11:02:13,418`, the way Python's logging prints times (UTC here). */
function logTime(t: number): string {
  const iso = new Date(Math.round(t)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

// ---------------------------------------------------------------------------------------------
// PNG (RGB, 8 bits, no interlace), for the confusion-matrix plot

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes `rgb` (width × height × 3 bytes, row by row) as a PNG file. */
function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))),
    pngChunk('IEND', new Uint8Array(0))
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A few stops of viridis, interpolated linearly. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37]
];

function viridis(t: number): [number, number, number] {
  const x = clamp(t, 0, 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

const CIFAR_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck'
];

/** Pairs of classes a CIFAR-10 model mixes up most, with a weight. */
const CONFUSABLE: readonly [number, number, number][] = [
  [3, 5, 6], // cat ↔ dog
  [1, 9, 4], // automobile ↔ truck
  [0, 8, 3], // airplane ↔ ship
  [2, 4, 2], // bird ↔ deer
  [4, 7, 2], // deer ↔ horse
  [2, 0, 1.5], // bird ↔ airplane
  [3, 6, 1.5], // cat ↔ frog
  [5, 7, 1.5] // dog ↔ horse
];

/** A 10×10 test-set confusion matrix (1000 images per class) for a model of accuracy `acc`. */
function confusionMatrix(acc: number): number[][] {
  const classDifficulty = [1.0, 0.6, 1.5, 2.4, 1.2, 1.8, 0.8, 0.8, 0.7, 0.8];
  const meanDifficulty = classDifficulty.reduce((a, b) => a + b, 0) / 10;
  return classDifficulty.map((d, row) => {
    const correct = Math.round(1000 * clamp(1 - ((1 - acc) * d) / meanDifficulty, 0, 1));
    const weights = CIFAR_CLASSES.map((_, col) => {
      if (col === row) return 0;
      let w = 0.25 + rand() * 0.25;
      for (const [a, b, extra] of CONFUSABLE) {
        if ((a === row && b === col) || (b === row && a === col)) w += extra;
      }
      return w;
    });
    const total = weights.reduce((a, b) => a + b, 0);
    const wrong = 1000 - correct;
    const counts = weights.map((w) => Math.floor((wrong * w) / total));
    // Hand the rounding remainder to the most confusable column, so the row sums to 1000.
    const top = weights.indexOf(Math.max(...weights));
    counts[top]! += wrong - counts.reduce((a, b) => a + b, 0);
    counts[row] = correct;
    return counts;
  });
}

/** Renders a confusion matrix as a heatmap, 12 px per cell with 1 px gaps. */
function confusionPng(matrix: number[][]): Uint8Array {
  const cell = 12;
  const size = cell * matrix.length;
  const rgb = new Uint8Array(size * size * 3).fill(255);
  for (const [r, row] of matrix.entries()) {
    for (const [c, count] of row.entries()) {
      // Square root, so the off-diagonal confusions stay visible next to the ~900s.
      const colour = viridis(Math.sqrt(count / 1000));
      for (let y = r * cell; y < (r + 1) * cell - 1; y++) {
        for (let x = c * cell; x < (c + 1) * cell - 1; x++) rgb.set(colour, (y * size + x) * 3);
      }
    }
  }
  return encodePng(size, size, rgb);
}

// ---------------------------------------------------------------------------------------------
// Experiment 1: CIFAR-10 ResNet-18 grid

const EPOCHS = 30;
const WARMUP_EPOCHS = 2;
const TRAIN_IMAGES = 50_000;
const LRS = [0.1, 0.03, 0.01] as const;
const BATCH_SIZES = [64, 128, 256] as const;
const OPTIMIZERS = ['sgd', 'nesterov', 'adamw'] as const;
type Optimizer = (typeof OPTIMIZERS)[number];

interface GridConfig {
  lr: number;
  batchSize: number;
  optimizer: Optimizer;
}

/** Linear warm-up for two epochs, then cosine decay to zero at the end of training. */
function scheduledLr(lr: number, epoch: number): number {
  if (epoch < WARMUP_EPOCHS) return (lr * (epoch + 1)) / WARMUP_EPOCHS;
  return 0.5 * lr * (1 + Math.cos((Math.PI * (epoch - WARMUP_EPOCHS)) / (EPOCHS - WARMUP_EPOCHS)));
}

/** How each configuration ends up: the levels its curves approach and how noisy they are. */
function outcome(cfg: GridConfig) {
  const { lr, batchSize, optimizer } = cfg;
  let valAcc: number;
  if (optimizer === 'adamw') {
    // AdamW with SGD-sized learning rates: it trains, but badly, and worse the larger lr is.
    valAcc = lr === 0.01 ? 0.885 : lr === 0.03 ? 0.846 : 0.71;
  } else {
    valAcc = lr === 0.1 ? 0.944 : lr === 0.03 ? 0.947 : 0.925;
    if (optimizer === 'nesterov') valAcc += 0.003;
  }
  // Larger batches take fewer steps in 30 epochs; small batches at high lr are noisier.
  valAcc -= batchSize === 256 ? 0.008 : batchSize === 64 ? 0.002 : 0;
  valAcc += 0.003 * gauss();
  // Little effective regularisation (low lr, small weight decay) overfits: train accuracy
  // approaches 1 while validation loss turns back up in the second half.
  const overfit = optimizer === 'adamw' ? 0.25 : lr === 0.01 ? 1 : lr === 0.03 ? 0.35 : 0.1;
  const trainAcc = Math.min(0.9995, valAcc + 0.035 + 0.03 * overfit);
  const noise =
    (lr === 0.1 ? 1.8 : 1) * (batchSize === 64 ? 1.3 : 1) * (optimizer === 'adamw' ? 1.6 : 1);
  const speed = (optimizer === 'adamw' ? 0.22 : 0.3) * (lr === 0.01 ? 0.8 : 1);
  return { valAcc, trainAcc, overfit, noise, speed };
}

/** Seconds per epoch on one GPU, training plus evaluation. */
function epochSeconds(batchSize: number): number {
  return batchSize === 64 ? 27.5 : batchSize === 128 ? 19.2 : 15.1;
}

interface GridRunPlan {
  cfg: GridConfig;
  status: RunStatus;
  /** Epochs that log metrics (fewer when the run fails, is killed or is still running). */
  epochs: number;
  batchMetric: boolean;
  diverges: boolean;
}

function gridName(cfg: GridConfig): string {
  return `resnet18-lr${cfg.lr}-bs${cfg.batchSize}-${cfg.optimizer}`;
}

function gridParams(cfg: GridConfig): Map<string, string> {
  const p = new Map<string, string>([
    ['model', 'resnet18'],
    ['dataset', 'cifar10'],
    ['epochs', String(EPOCHS)],
    ['lr', String(cfg.lr)],
    ['batch_size', String(cfg.batchSize)],
    ['optimizer', cfg.optimizer === 'adamw' ? 'adamw' : 'sgd']
  ]);
  if (cfg.optimizer !== 'adamw') {
    p.set('momentum', '0.9');
    p.set('nesterov', cfg.optimizer === 'nesterov' ? 'True' : 'False');
  }
  p.set('weight_decay', cfg.optimizer === 'adamw' ? '0.05' : '0.0005');
  p.set('dropout', '0.0');
  p.set('lr_schedule', 'cosine');
  p.set('warmup_epochs', String(WARMUP_EPOCHS));
  p.set('label_smoothing', '0.0');
  p.set('augment', 'random_crop,hflip');
  p.set('seed', '42');
  return p;
}

function gridConfigYaml(cfg: GridConfig): string {
  const opt =
    cfg.optimizer === 'adamw'
      ? `  name: adamw\n  lr: ${cfg.lr}\n  betas: [0.9, 0.999]\n  weight_decay: 0.05\n`
      : `  name: sgd\n  lr: ${cfg.lr}\n  momentum: 0.9\n  nesterov: ${cfg.optimizer === 'nesterov'}\n  weight_decay: 0.0005\n`;
  return (
    `# Generated by train.py --config configs/grid.yaml\n` +
    `model:\n  name: resnet18\n  num_classes: 10\n  dropout: 0.0\n` +
    `data:\n  dataset: cifar10\n  root: /data/cifar10\n  batch_size: ${cfg.batchSize}\n  num_workers: 8\n` +
    `  augment:\n    - random_crop: {size: 32, padding: 4}\n    - horizontal_flip: {p: 0.5}\n` +
    `  normalize:\n    mean: [0.4914, 0.4822, 0.4465]\n    std: [0.2470, 0.2435, 0.2616]\n` +
    `optimizer:\n${opt}` +
    `scheduler:\n  name: cosine\n  warmup_epochs: ${WARMUP_EPOCHS}\n` +
    `trainer:\n  epochs: ${EPOCHS}\n  amp: true\n  label_smoothing: 0.0\n  checkpoint_every: 5\n` +
    `seed: 42\n`
  );
}

interface GridRunResult {
  run: Run;
  finalValAcc: number;
  cfg: GridConfig;
}

const GRID_USER = 'maya.chen';
const GRID_COMMIT = hex(40);

function gridRun(plan: GridRunPlan, start: number): GridRunResult {
  const { cfg } = plan;
  const o = outcome(cfg);
  const log = new MetricLog();
  const perEpoch = epochSeconds(cfg.batchSize) * 1000;
  const itersPerEpoch = Math.ceil(TRAIN_IMAGES / cfg.batchSize);
  const logLines: string[] = [];
  let t = start + uniform(14_000, 22_000); // start-up: data loading, cudnn benchmark
  let finalValAcc = NaN;
  let smoothTrainLoss = 2.3;

  for (let e = 0; e < plan.epochs; e++) {
    const epochStart = t;
    const lrNow = scheduledLr(cfg.lr, e);
    log.log('lr', e, lrNow, epochStart);
    const duration = perEpoch * (1 + 0.04 * gauss()) + (e === 0 ? 2500 : 0);
    const trainEnd = epochStart + duration * 0.88;
    const evalEnd = epochStart + duration;

    // Progress: fast early gains, then the cosine tail adds a last push.
    const early = 1 - Math.exp(-o.speed * (e + 1));
    const tail = 1 - scheduledLr(1, e);
    const progress = clamp(0.9 * early + 0.1 * tail * early, 0, 1);

    let trainLoss: number;
    let trainAcc: number;
    let valLoss: number;
    let valAcc: number;
    if (plan.diverges) {
      // The loss blows up as warm-up pushes the lr to 0.1: exp growth, then overflow, then NaN.
      trainAcc = round(clamp(0.1 + 0.22 * Math.exp(-0.6 * e) + 0.01 * gauss(), 0.09, 1), 5);
      trainLoss = sig(2.2 * Math.exp(0.95 * Math.max(0, e - 1) ** 1.4) + 0.05 * gauss(), 6);
      valAcc = round(clamp(trainAcc - 0.03 + 0.01 * gauss(), 0.1, 1), 4);
      valLoss = sig(trainLoss * uniform(1.2, 2.5), 6);
      if (e === plan.epochs - 2) valLoss = Infinity; // logits overflowed in fp16 evaluation
      if (e === plan.epochs - 1) trainLoss = NaN;
    } else {
      trainAcc = 0.1 + (o.trainAcc - 0.1) * progress;
      trainAcc = round(
        clamp(trainAcc + 0.004 * o.noise * gauss() * (1 - progress + 0.2), 0.05, 1),
        5
      );
      valAcc = 0.1 + (o.valAcc - 0.1) * progress;
      valAcc = round(clamp(valAcc + 0.012 * o.noise * gauss() * (1 - 0.7 * progress), 0.05, 1), 4);
      const trainFloor = 0.02 + 0.08 * (1 - o.overfit) + (o.valAcc < 0.9 ? 0.15 : 0);
      trainLoss = trainFloor + (2.3 - trainFloor) * (1 - progress) ** 1.6;
      trainLoss = sig(trainLoss * (1 + 0.02 * o.noise * gauss()), 6);
      const valFloor = 0.17 + 2.2 * (0.95 - o.valAcc);
      const late = Math.max(0, e - 12) / (EPOCHS - 12);
      valLoss = valFloor + (2.3 - valFloor) * (1 - progress) ** 1.4 + 0.35 * o.overfit * late ** 2;
      valLoss = sig(valLoss * (1 + 0.04 * o.noise * gauss()), 6);
      finalValAcc = valAcc;
    }

    if (plan.batchMetric) {
      // Per-batch loss every 25 iterations, on the global step.
      for (let i = 0; i < itersPerEpoch; i += 25) {
        const f = i / itersPerEpoch;
        const smooth = smoothTrainLoss + (trainLoss - smoothTrainLoss) * f;
        const v = sig(smooth * Math.exp(0.18 * gauss()), 6);
        log.log(
          'train/batch_loss',
          e * itersPerEpoch + i,
          v,
          epochStart + f * (trainEnd - epochStart)
        );
      }
    }
    smoothTrainLoss = trainLoss;

    log.log('train/loss', e, trainLoss, trainEnd);
    log.log('train/accuracy', e, trainAcc, trainEnd + 3);
    const crashed = plan.diverges && e === plan.epochs - 1;
    if (!crashed) {
      log.log('val/loss', e, valLoss, evalEnd);
      log.log('val/accuracy', e, valAcc, evalEnd + 2);
    }
    if (crashed) {
      logLines.push(
        `${logTime(trainEnd)} ERROR train.py:131 - non-finite loss at epoch ${e + 1}, iteration 212: nan`
      );
    } else {
      logLines.push(
        `${logTime(evalEnd + 5)} INFO train.py:142 - epoch ${e + 1}/${EPOCHS} ` +
          `train_loss=${pyFloat(trainLoss)} train_acc=${trainAcc.toFixed(4)} ` +
          `val_loss=${pyFloat(valLoss)} val_acc=${valAcc.toFixed(4)} ` +
          `lr=${lrNow.toPrecision(4)} time=${(duration / 1000).toFixed(1)}s`
      );
    }
    if ((e + 1) % 5 === 0 && !plan.diverges) {
      logLines.push(
        `${logTime(evalEnd + 900)} INFO checkpoint.py:37 - saved checkpoints/epoch_${e + 1}.pt`
      );
    }
    t = evalEnd + uniform(600, 1400);
  }

  const lastLogged = t;
  const endTime =
    plan.status === 'RUNNING'
      ? null
      : plan.status === 'KILLED'
        ? lastLogged + uniform(4000, 9000)
        : lastLogged + uniform(1500, 4000);

  const name = gridName(cfg);
  const tags = new Map<string, string>([
    ['mlflow.runName', name],
    ['mlflow.user', GRID_USER],
    ['mlflow.source.name', 'train.py'],
    ['mlflow.source.type', 'LOCAL'],
    ['mlflow.source.git.commit', GRID_COMMIT],
    ['mlflow.source.git.branch', 'sweep/resnet-baselines'],
    ['team', 'vision'],
    ['sweep', 'cifar10-grid-v2'],
    ['gpu', 'A100-SXM4-40GB']
  ]);

  const header = [
    `${logTime(start + 800)} INFO train.py:57 - run ${name} (commit ${GRID_COMMIT.slice(0, 8)})`,
    `${logTime(start + 1200)} INFO train.py:61 - device: cuda:0 (NVIDIA A100-SXM4-40GB), amp=True`,
    `${logTime(start + 5400)} INFO data.py:22 - Files already downloaded and verified`,
    `${logTime(start + 5900)} INFO data.py:48 - train: 50000 images, val: 10000 images, ${itersPerEpoch} iterations/epoch`,
    `${logTime(start + 7300)} INFO train.py:88 - model resnet18: 11,173,962 parameters`,
    `${logTime(start + 7400)} INFO train.py:96 - optimizer ${cfg.optimizer} lr=${cfg.lr} ` +
      `weight_decay=${cfg.optimizer === 'adamw' ? '0.05' : '0.0005'} schedule=cosine warmup=${WARMUP_EPOCHS}`
  ];
  const footer: string[] = [];
  if (plan.status === 'FINISHED') {
    footer.push(
      `${logTime(lastLogged + 600)} INFO train.py:171 - final val_acc=${finalValAcc.toFixed(4)}`,
      `${logTime(lastLogged + 1200)} INFO train.py:180 - saved model to artifacts/model/`
    );
  } else if (plan.status === 'KILLED') {
    footer.push(`${logTime(lastLogged + 3000)} WARNING train.py:201 - received SIGTERM, stopping`);
  } else if (plan.status === 'FAILED') {
    footer.push(
      `${logTime(lastLogged)} ERROR train.py:133 - Traceback (most recent call last):`,
      `  File "train.py", line 129, in train_one_epoch`,
      `    raise FloatingPointError(f"loss is {loss.item()} at step {step}")`,
      `FloatingPointError: loss is nan at step ${(plan.epochs - 1) * itersPerEpoch + 212}`
    );
  }

  const artifacts: Artifact[] = [
    textArtifact('config.yaml', 'application/yaml', gridConfigYaml(cfg)),
    textArtifact(
      'logs/train.log',
      'text/plain',
      [...header, ...logLines, ...footer].join('\n') + '\n'
    )
  ];

  const run: Run = {
    id: hex(32),
    experimentId: '1',
    name,
    status: plan.status,
    startTime: start,
    endTime: endTime === null ? null : Math.round(endTime),
    deleted: false,
    parentId: null,
    params: gridParams(cfg),
    tags,
    metrics: log.build(),
    artifacts,
    source: SOURCE
  };
  return { run, finalValAcc, cfg };
}

function gridExperiment(): { experiment: Experiment; runs: Run[] } {
  const configs: GridConfig[] = [];
  for (const optimizer of OPTIMIZERS) {
    for (const lr of LRS) {
      for (const batchSize of BATCH_SIZES) configs.push({ lr, batchSize, optimizer });
    }
  }
  const results: GridRunResult[] = [];
  let t = BASE_TIME;
  for (const [i, cfg] of configs.entries()) {
    const plan: GridRunPlan = {
      cfg,
      status: 'FINISHED',
      epochs: EPOCHS,
      batchMetric: cfg.batchSize === 128 && cfg.optimizer === 'sgd',
      diverges: false
    };
    if (cfg.optimizer === 'adamw' && cfg.lr === 0.1 && cfg.batchSize === 64) {
      plan.status = 'FAILED';
      plan.epochs = 7;
      plan.diverges = true;
    } else if (cfg.optimizer === 'nesterov' && cfg.lr === 0.01 && cfg.batchSize === 64) {
      plan.status = 'KILLED'; // stopped by hand to free the GPU
      plan.epochs = 9;
    } else if (i === configs.length - 1) {
      plan.status = 'RUNNING';
      plan.epochs = 17;
    }
    const result = gridRun(plan, t);
    results.push(result);
    const last = result.run.endTime ?? t;
    t = last + uniform(20_000, 70_000);
  }

  // The best finished run gets the confusion matrix and a Markdown note.
  const finished = results.filter((r) => r.run.status === 'FINISHED');
  const best = finished.reduce((a, b) => (b.finalValAcc > a.finalValAcc ? b : a));
  best.run.artifacts.push({
    path: 'plots/confusion_matrix.png',
    mediaType: 'image/png',
    ...sized(confusionPng(confusionMatrix(best.finalValAcc)))
  });
  best.run.tags.set(
    'mlflow.note.content',
    `## Best config so far\n\n` +
      `**${(best.finalValAcc * 100).toFixed(2)}%** val accuracy after ${EPOCHS} epochs.\n\n` +
      `- lr ${best.cfg.lr} with cosine decay and ${WARMUP_EPOCHS} warm-up epochs\n` +
      `- batch size ${best.cfg.batchSize}, ${best.cfg.optimizer}\n` +
      `- cat/dog is still the main confusion (see \`plots/confusion_matrix.png\`)\n\n` +
      `Next: try label smoothing 0.1 and 60 epochs.\n`
  );
  best.run.tags.set('candidate', 'true');

  const failed = results.find((r) => r.run.status === 'FAILED')!;
  failed.run.tags.set(
    'mlflow.note.content',
    `### Diverged\n\n` +
      `AdamW at lr 0.1 blew up during warm-up: val loss went to inf in epoch 6, ` +
      `then the train loss was NaN in epoch 7 and the run stopped.\n\n` +
      `- I pasted the loss plot as <img src=x onerror=alert(1)> but the tracker kept it as text\n` +
      `- **Do not** reuse SGD learning rates for AdamW\n`
  );

  const killed = results.find((r) => r.run.status === 'KILLED')!;
  killed.run.tags.set(
    'mlflow.note.content',
    'Stopped by hand at epoch 9: lr 0.01 is clearly too slow here, and I needed the GPU.'
  );

  const experiment: Experiment = {
    id: '1',
    name: 'cifar10-resnet-grid',
    deleted: false,
    tags: new Map([
      [
        'mlflow.note.content',
        'ResNet-18 on CIFAR-10: lr × batch size × optimizer, 30 epochs each.'
      ],
      ['project', 'vision-baselines']
    ])
  };
  return { experiment, runs: results.map((r) => r.run) };
}

function sized(content: Uint8Array): { size: number; content: Uint8Array } {
  return { size: content.byteLength, content };
}

// ---------------------------------------------------------------------------------------------
// Experiment 2: BERT fine-tuning with 5-fold cross-validation

const BERT_USER = 'o.okafor';
const BERT_COMMIT = hex(40);
const FOLDS = 5;
const BERT_EPOCHS = 3;
const STEPS_PER_EPOCH = 625; // 20,000 training reviews per fold, batch size 32
const BERT_STEPS = BERT_EPOCHS * STEPS_PER_EPOCH;
const BERT_LR = 2e-5;
const WARMUP_STEPS = 112; // warmup_ratio 0.06

function bertLr(step: number): number {
  if (step < WARMUP_STEPS) return (BERT_LR * step) / WARMUP_STEPS;
  return (BERT_LR * (BERT_STEPS - step)) / (BERT_STEPS - WARMUP_STEPS);
}

function bertParams(fold: number | null): Map<string, string> {
  const p = new Map<string, string>([
    ['model_name_or_path', 'bert-base-uncased'],
    ['dataset', 'imdb'],
    ['n_folds', String(FOLDS)]
  ]);
  if (fold !== null) p.set('fold', String(fold));
  const common: [string, string][] = [
    ['learning_rate', '2e-05'],
    ['per_device_train_batch_size', '32'],
    ['num_train_epochs', String(BERT_EPOCHS)],
    ['max_seq_length', '256'],
    ['warmup_ratio', '0.06'],
    ['weight_decay', '0.01'],
    ['fp16', 'True'],
    ['seed', '13']
  ];
  for (const [k, v] of common) p.set(k, v);
  return p;
}

function bertTags(name: string, parentId: string | null): Map<string, string> {
  const tags = new Map<string, string>([
    ['mlflow.runName', name],
    ['mlflow.user', BERT_USER],
    ['mlflow.source.name', 'finetune.py'],
    ['mlflow.source.type', 'LOCAL'],
    ['mlflow.source.git.commit', BERT_COMMIT],
    ['team', 'nlp']
  ]);
  if (parentId !== null) tags.set('mlflow.parentRunId', parentId);
  return tags;
}

function bertExperiment(): { experiment: Experiment; runs: Run[] } {
  const parentId = hex(32);
  const parentStart = BASE_TIME + 24 * 3600_000 + 75 * 60_000; // the next day, 10:15
  const children: Run[] = [];
  const finalF1: number[] = [];
  let t = parentStart + uniform(5000, 9000);

  for (let fold = 0; fold < FOLDS; fold++) {
    const start = t;
    const log = new MetricLog();
    const foldSkill = 0.002 * gauss();
    let clock = start + uniform(25_000, 40_000); // tokenising the fold
    let lastF1 = NaN;
    for (let step = 0; step <= BERT_STEPS; step += 10) {
      if (step > 0) clock += 10 * uniform(148, 162); // ~6.5 optimizer steps/s
      if (step < BERT_STEPS) {
        const epoch = Math.floor(step / STEPS_PER_EPOCH);
        const inEpoch = (step % STEPS_PER_EPOCH) / STEPS_PER_EPOCH;
        // Binary cross-entropy: 0.69 at start, then a visible drop at each epoch boundary.
        const level = [0.3, 0.17, 0.08][epoch]! - [0.06, 0.03, 0.02][epoch]! * inEpoch;
        const warm = Math.exp(-step / 60);
        const loss = (0.693 * warm + level * (1 - warm)) * Math.exp(0.22 * gauss());
        log.log('train/loss', step, round(loss, 4), clock);
        log.log('train/learning_rate', step, bertLr(step), clock);
      }
      if (step > 0 && step % 50 === 0) {
        clock += uniform(24_000, 27_000); // evaluating on the held-out fold (5,000 reviews)
        const p = step / BERT_STEPS;
        const f1 = clamp(0.935 + foldSkill - 0.09 * Math.exp(-7 * p) + 0.004 * gauss(), 0.5, 0.99);
        const evalLoss =
          0.19 + 0.25 * Math.exp(-8 * p) + 0.06 * Math.max(0, p - 0.6) ** 1.5 + 0.01 * gauss();
        log.log('eval/loss', step, evalLoss, clock);
        log.log('eval/f1', step, f1, clock);
        lastF1 = f1;
      }
    }
    finalF1.push(lastF1);
    const end = Math.round(clock + uniform(6000, 12_000)); // saving the model
    const name = `fold-${fold}`;
    children.push({
      id: hex(32),
      experimentId: '2',
      name,
      status: 'FINISHED',
      startTime: Math.round(start),
      endTime: end,
      deleted: false,
      parentId,
      params: bertParams(fold),
      tags: bertTags(name, parentId),
      metrics: log.build(),
      artifacts: [],
      source: SOURCE
    });
    t = end + uniform(2000, 5000);
  }

  const mean = finalF1.reduce((a, b) => a + b, 0) / FOLDS;
  const std = Math.sqrt(finalF1.reduce((a, b) => a + (b - mean) ** 2, 0) / FOLDS); // np.std
  const parentEnd = Math.round(t + uniform(1000, 2000));
  const summary = (key: string, value: number): MetricSeries => ({
    key,
    steps: Float64Array.of(0),
    values: Float64Array.of(value),
    timestamps: Float64Array.of(parentEnd - 500)
  });
  const results = {
    metric: 'eval/f1',
    folds: finalF1.map((f1, fold) => ({ fold, run_id: children[fold]!.id, f1 })),
    mean,
    std
  };
  const parent: Run = {
    id: parentId,
    experimentId: '2',
    name: 'cv-search',
    status: 'FINISHED',
    startTime: parentStart,
    endTime: parentEnd,
    deleted: false,
    parentId: null,
    params: bertParams(null),
    tags: bertTags('cv-search', null),
    metrics: [summary('cv/f1_mean', mean), summary('cv/f1_std', std)],
    artifacts: [
      textArtifact('cv_results.json', 'application/json', JSON.stringify(results, null, 2) + '\n')
    ],
    source: SOURCE
  };
  const experiment: Experiment = {
    id: '2',
    name: 'bert-finetune-cv',
    deleted: false,
    tags: new Map([['project', 'review-sentiment']])
  };
  return { experiment, runs: [parent, ...children] };
}

// ---------------------------------------------------------------------------------------------

const grid = gridExperiment();
const bert = bertExperiment();
const batch: ImportedBatch = {
  experiments: [grid.experiment, bert.experiment],
  runs: [...grid.runs, ...bert.runs]
};
const json = writeRunlensJson(batch);
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(OUT_FILE, json);
const points = batch.runs.reduce(
  (n, r) => n + r.metrics.reduce((m, s) => m + s.values.length, 0),
  0
);
console.log(
  `${OUT_FILE}: ${batch.experiments.length} experiments, ${batch.runs.length} runs, ` +
    `${points} metric points, ${Buffer.byteLength(json)} bytes`
);
