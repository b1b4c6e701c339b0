/**
 * Writes a TensorBoard logdir the way PyTorch's SummaryWriter (and tensorboardX) write scalars:
 * one run folder per run, each with one `events.out.tfevents.<secs>.benchhost.<pid>.0` file whose
 * first record is `Event{wall_time, file_version: "brain.Event:2", source_metadata}` and then one
 * Event per value, `Event{wall_time, step, summary{value{tag, simple_value: float32}}}`, every
 * tag logged at each step in turn, framed as TFRecords with masked CRC32Cs (FORMATS.md §5).
 * Deterministic from the seed; written once per (seed, shape) and reused. The encoder is the
 * bench's own, independent of the app's decoder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTfRecordReader } from '../page/tfrecord-reader';
import { curveValue, seededRandom } from './rng';

export interface TfeventsShape {
  runs: number;
  tags: number;
  steps: number;
}

export interface TfeventsInput {
  /** The logdir to pick with the folder picker; each sub-folder is one run. */
  dir: string;
  /** Scalar events (= points): runs × tags × steps. */
  points: number;
  /** TFRecords in all: the scalar events and one file_version record per file. */
  records: number;
  files: number;
  bytes: number;
  runs: number;
}

/** What SummaryWriter's EventFileWriter puts in `source_metadata.writer` (seen in real files). */
const WRITER_NAME = 'tensorboard.summary.writer.event_file_writer';
const TAG_NAMES = [
  'train/loss',
  'train/accuracy',
  'val/loss',
  'val/accuracy',
  'lr',
  'grad_norm',
  'train/perplexity',
  'val/perplexity',
  'throughput',
  'epoch'
];

const encoder = new TextEncoder();

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/**
 * Appends TFRecord-framed Event protobufs to a growing buffer. Fields at their proto3 defaults
 * (step 0, wall_time 0) are left out, as protobuf's serialisers do; simple_value sits in a oneof,
 * so it is written even when it is 0.
 */
export class EventRecordWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #pos = 0;

  constructor(capacity = 1 << 16) {
    this.#bytes = new Uint8Array(capacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** The records written so far. */
  get bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#pos);
  }

  /** `Event{wall_time, step, summary{value{tag, simple_value}}}`, as add_scalar writes it. */
  scalar(wallTime: number, step: number, tag: Uint8Array, value: number): void {
    const valueLength = 1 + varintSize(tag.length) + tag.length + 5;
    const summaryLength = 1 + varintSize(valueLength) + valueLength;
    const eventLength =
      (wallTime !== 0 ? 9 : 0) +
      (step !== 0 ? 1 + varintSize(step) : 0) +
      1 +
      varintSize(summaryLength) +
      summaryLength;
    const start = this.#begin(eventLength);
    this.#wallTime(wallTime);
    if (step !== 0) {
      this.#byte(0x10);
      this.#varint(step);
    }
    this.#byte(0x2a);
    this.#varint(summaryLength);
    this.#byte(0x0a);
    this.#varint(valueLength);
    this.#byte(0x0a);
    this.#varint(tag.length);
    this.#bytes.set(tag, this.#pos);
    this.#pos += tag.length;
    this.#byte(0x15);
    this.#view.setFloat32(this.#pos, value, true);
    this.#pos += 4;
    this.#end(start);
  }

  /** The first record of a file: `Event{wall_time, file_version, source_metadata{writer}}`. */
  fileVersion(wallTime: number): void {
    const version = encoder.encode('brain.Event:2');
    const writer = encoder.encode(WRITER_NAME);
    const sourceLength = 1 + varintSize(writer.length) + writer.length;
    const eventLength =
      (wallTime !== 0 ? 9 : 0) +
      1 +
      varintSize(version.length) +
      version.length +
      1 +
      varintSize(sourceLength) +
      sourceLength;
    const start = this.#begin(eventLength);
    this.#wallTime(wallTime);
    this.#byte(0x1a);
    this.#varint(version.length);
    this.#bytes.set(version, this.#pos);
    this.#pos += version.length;
    this.#byte(0x52);
    this.#varint(sourceLength);
    this.#byte(0x0a);
    this.#varint(writer.length);
    this.#bytes.set(writer, this.#pos);
    this.#pos += writer.length;
    this.#end(start);
  }

  /** Makes room and writes the 8 length bytes and their masked CRC; returns the data start. */
  #begin(eventLength: number): number {
    const need = this.#pos + 12 + eventLength + 4;
    if (need > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#pos));
      this.#bytes = grown;
      this.#view = new DataView(grown.buffer);
    }
    const { crc32c, maskCrc32c } = loadTfRecordReader();
    this.#view.setUint32(this.#pos, eventLength % 2 ** 32, true);
    this.#view.setUint32(this.#pos + 4, Math.floor(eventLength / 2 ** 32), true);
    this.#view.setUint32(
      this.#pos + 8,
      maskCrc32c(crc32c(this.#bytes, this.#view, this.#pos, this.#pos + 8)),
      true
    );
    this.#pos += 12;
    return this.#pos;
  }

  /** Writes the masked CRC of the Event bytes written since `start`. */
  #end(start: number): void {
    const { crc32c, maskCrc32c } = loadTfRecordReader();
    this.#view.setUint32(
      this.#pos,
      maskCrc32c(crc32c(this.#bytes, this.#view, start, this.#pos)),
      true
    );
    this.#pos += 4;
  }

  #wallTime(wallTime: number): void {
    if (wallTime === 0) return;
    this.#byte(0x09);
    this.#view.setFloat64(this.#pos, wallTime, true);
    this.#pos += 8;
  }

  #byte(b: number): void {
    this.#bytes[this.#pos++] = b;
  }

  #varint(n: number): void {
    while (n >= 128) {
      this.#bytes[this.#pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.#bytes[this.#pos++] = n;
  }
}

/** The tag names of a shape: the usual ones of a training loop, numbered past ten. */
export function tagNames(count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const base = TAG_NAMES[k % TAG_NAMES.length]!;
    return k < TAG_NAMES.length ? base : `${base}_${Math.floor(k / TAG_NAMES.length)}`;
  });
}

/** Generates (or reuses) the logdir under `outDir` and says what it holds. */
export function generateTfevents(
  outDir: string,
  seed: number,
  shape: TfeventsShape
): TfeventsInput {
  const root = join(outDir, `tfevents-seed${seed}-${shape.runs}x${shape.tags}x${shape.steps}`);
  const dir = join(root, 'logdir');
  const marker = join(root, 'complete.json');
  if (existsSync(marker))
    return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<TfeventsInput, 'dir'>) };
  rmSync(root, { recursive: true, force: true });
  const random = seededRandom(seed);
  const tags = tagNames(shape.tags).map((t) => encoder.encode(t));
  const tagBytes = tags.reduce((sum, t) => sum + t.length, 0);
  let bytes = 0;
  for (let r = 0; r < shape.runs; r++) {
    const runDir = join(dir, `run-${String(r).padStart(4, '0')}`);
    mkdirSync(runDir, { recursive: true });
    const start = 1_700_000_000 + r * 3_600 + random();
    // About 50 bytes a record: sized once so the buffer never grows.
    const writer = new EventRecordWriter(
      256 + shape.steps * (shape.tags * 40 + tagBytes + 10 * shape.tags)
    );
    writer.fileVersion(start);
    let wall = start;
    for (let step = 0; step < shape.steps; step++) {
      wall += 0.05 + random() * 0.02;
      for (let k = 0; k < shape.tags; k++) {
        const value = curveValue(random, step, shape.steps, 1 + k);
        writer.scalar(wall + k * 1e-4, step, tags[k]!, value);
      }
    }
    const name = `events.out.tfevents.${Math.floor(start)}.benchhost.${10_000 + r}.0`;
    writeFileSync(join(runDir, name), writer.bytes);
    bytes += writer.bytes.length;
  }
  const points = shape.runs * shape.tags * shape.steps;
  const info = { points, records: points + shape.runs, files: shape.runs, bytes, runs: shape.runs };
  writeFileSync(marker, JSON.stringify(info));
  return { dir, ...info };
}
