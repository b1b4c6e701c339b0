// Runs that logged images at several steps, in the layouts of three trackers, as Runlens JSON
// (its artifacts carry bytes as base64). Each image says what it is by its size and colour: its
// width is 40 + step / 10 pixels, its colour the run's, so the page can be checked by reading them.
import { deflateSync } from 'node:zlib';
import type { Artifact, ImportedBatch, Run } from '../../src/lib/model';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';

export const MEDIA_KEY = 'val/samples';
/** Text samples: W&B tables, logged by the runs in W&B's layout (every third from run 2). */
export const TEXT_KEY = 'generations';
export const textCellOf = (i: number, step: number) => `<b>run ${i}</b> at step ${step}`;
export const textSampleOf = (i: number, step: number) =>
  JSON.stringify({ columns: ['text'], data: [[textCellOf(i, step)]] });
export const MEDIA_HEIGHT = 32;
/** Most runs log every 100 steps; every tenth run logs between them. */
export const REGULAR_STEPS = [0, 100, 200, 300];
export const OFFSET_STEPS = [50, 150, 250];

export const mediaStepsOf = (i: number) => (i % 10 === 9 ? OFFSET_STEPS : REGULAR_STEPS);
export const imageWidthAt = (step: number) => 40 + step / 10;
export const mediaRunId = (i: number) => `media-${String(i).padStart(2, '0')}`;
/** Run 0's name is markup: it must show as text. */
export const mediaRunName = (i: number) =>
  i === 0 ? '<img src=x onerror="window.__pwned=1">' : `media-run-${i}`;

/** The run's colour in the image (not the page's palette): a hue per run. */
export function mediaRgb(i: number): [number, number, number] {
  const h = (i * 137) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (0.5 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG in the colour given, darkening from left to right (so a wipe shows its edge). */
export function shadedPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) {
    const shade = 1 - (0.5 * x) / width;
    row.set(
      rgb.map((c) => Math.round(c * shade)),
      1 + x * 3
    );
  }
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array())
  ]);
}

/** Where run i's tracker put its image of `step`: TensorBoard, MLflow or W&B by turns. */
function imagePaths(i: number, step: number): string[] {
  const key = MEDIA_KEY;
  if (i % 3 === 0) return [`images/${key}/step_${step}.png`];
  if (i % 3 === 1) {
    const base = `images/${key.replaceAll('/', '#')}%step%${step}%timestamp%${1_700_000_000_000 + step}%0000${i}-aaaa-bbbb-cccc-${String(step).padStart(12, '0')}`;
    // MLflow writes a small webp copy beside the full image; the full one is shown.
    return [`${base}.png`, `${base}%compressed.webp`];
  }
  return [`media/images/${key}_${step}_${(0xabc000 + i * 7 + step).toString(16)}ff.png`];
}

function png(path: string, bytes: Buffer): Artifact {
  return { path, size: bytes.length, mediaType: 'image/png', content: new Uint8Array(bytes) };
}

export function mediaRunsJson(count: number): string {
  const runs: Run[] = [];
  for (let i = 0; i < count; i++) {
    const artifacts: Artifact[] = [];
    for (const step of mediaStepsOf(i)) {
      const [full, copy] = imagePaths(i, step);
      artifacts.push(png(full!, shadedPng(imageWidthAt(step), MEDIA_HEIGHT, mediaRgb(i))));
      // The copy is grey: if it were ever shown, the colour check would fail.
      if (copy) artifacts.push(png(copy, shadedPng(8, 8, [128, 128, 128])));
      if (i % 3 === 2) {
        const text = new TextEncoder().encode(textSampleOf(i, step));
        artifacts.push({
          path: `media/table/${TEXT_KEY}_${step}_${(0xdef000 + i).toString(16)}aa.table.json`,
          size: text.length,
          mediaType: 'application/json',
          content: text
        });
      }
    }
    runs.push({
      id: mediaRunId(i),
      experimentId: 'media',
      name: mediaRunName(i),
      status: 'FINISHED',
      startTime: 1_700_000_000_000 + i * 60_000,
      endTime: 1_700_000_000_000 + i * 60_000 + 30_000,
      deleted: false,
      parentId: null,
      params: new Map([['seed', String(i)]]),
      tags: new Map(),
      metrics: [
        {
          key: 'loss',
          steps: Float64Array.from([0, 100, 200, 300]),
          values: Float64Array.from([1, 0.5, 0.3, 0.2].map((v) => v + i / 1000)),
          timestamps: Float64Array.from([0, 1, 2, 3].map((t) => 1_700_000_000_000 + t * 1000))
        }
      ],
      artifacts,
      source: { format: 'runlens-json', file: 'media.json' }
    });
  }
  const batch: ImportedBatch = {
    experiments: [{ id: 'media', name: 'media', deleted: false, tags: new Map() }],
    runs
  };
  return writeRunlensJson(batch);
}
