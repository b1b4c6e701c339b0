/**
 * History rows into metric series. A row is one `wandb.log()` commit: items keyed by path,
 * with `_step` (the row's step), `_timestamp` (epoch seconds) and `_runtime` (not a metric).
 * Nested keys are joined with `/`. A media object (image, histogram, table...) is a dict with a
 * `_type`, written whole by the legacy writer and split into leaves by the Go core (one of them
 * `<path>/_type`); either way it is counted, never read as metrics. define_metric's step metrics
 * put a metric's points on the value of the step metric the person chose (the latest one logged,
 * as W&B's step_sync fills it in), not on `_step`.
 */
import { isJsonObject } from '../../model/json';
import { SeriesBuilder } from '../readers/series-builder';
import {
  KEY_INTERNAL,
  KEY_METRIC,
  KEY_RUNTIME,
  KEY_STEP,
  KEY_TIMESTAMP,
  type KeyEntry,
  type KeyTable
} from './key-table';
import { bytesText, valueNumber, valueOf } from './value-json';

/** A define_metric: a key or a glob (`epoch/*`) and the key of its step metric. */
export interface MetricDefinition {
  name: string;
  glob: RegExp | null;
  stepMetric: string;
}

/** `*` matches any run of characters, as W&B's globs do; everything else is literal. */
export function globPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

/** What is counted and not shown, by kind ("image-file", "histogram", "text"...). */
export type NotShown = Map<string, number>;

export function countNotShown(notShown: NotShown, kind: string, n = 1): void {
  notShown.set(kind, (notShown.get(kind) ?? 0) + n);
}

/** The kind of a non-number value, for counting. */
export function kindOfValue(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'true/false';
  if (Array.isArray(value)) return 'list';
  if (isJsonObject(value) && typeof value._type === 'string') return value._type;
  return 'other';
}

/**
 * Calls `leaf` for every leaf of a decoded value under `parts` (nested objects are walked; a
 * media object is one leaf of its own kind).
 */
export function walkLeaves(
  parts: string[],
  value: unknown,
  leaf: (parts: string[], value: unknown) => void
): void {
  if (isJsonObject(value) && !('_type' in value)) {
    for (const [k, v] of Object.entries(value)) walkLeaves([...parts, k], v, leaf);
    return;
  }
  leaf(parts, value);
}

export class HistoryBuilder {
  readonly keys: KeyTable;
  readonly notShown: NotShown = new Map();
  readonly #definitions: MetricDefinition[] = [];
  #generation = 0;
  /** Rows read, and points left out because their step metric had no value yet. */
  rows = 0;
  withoutStepMetric = 0;
  points = 0;
  lastStep = NaN;
  lastTimestamp = NaN;
  firstTimestamp = NaN;
  maxRuntime = NaN;
  // The row being read.
  #entries: KeyEntry[] = [];
  #values = new Float64Array(64);
  #length = 0;
  #step = NaN;
  #timestamp = NaN;
  #typeLeaves: KeyEntry[] = [];
  /** Values of the row that are not numbers, counted (not shown) when the row ends. */
  #others: { entry: KeyEntry; kind: string }[] = [];

  constructor(keys: KeyTable) {
    this.keys = keys;
  }

  /** A define_metric seen in the log (or config); later ones for the same name win. */
  define(definition: MetricDefinition): void {
    this.#definitions.push(definition);
    this.#generation++;
  }

  beginRow(): void {
    this.#length = 0;
    this.#step = NaN;
    this.#timestamp = NaN;
    this.#typeLeaves.length = 0;
    this.#others.length = 0;
  }

  /** One item of the row: its key entry and value_json in bytes[start, end). */
  item(entry: KeyEntry, bytes: Uint8Array, start: number, end: number): void {
    if (start === end) return;
    switch (entry.kind) {
      case KEY_STEP:
        this.#step = valueNumber(bytes, start, end) ?? NaN;
        return;
      case KEY_TIMESTAMP:
        this.#timestamp = (valueNumber(bytes, start, end) ?? NaN) * 1000;
        return;
      case KEY_RUNTIME: {
        const runtime = valueNumber(bytes, start, end) ?? NaN;
        if (!(runtime <= this.maxRuntime)) this.maxRuntime = runtime;
        return;
      }
      case KEY_INTERNAL:
        return;
    }
    entry.inHistory = true;
    if (entry.typeLeaf) {
      this.#typeLeaves.push(entry);
      this.keys.byParts([entry.parent]).inHistory = true;
      countNotShown(this.notShown, bytesText(bytes, start, end).replace(/^"|"$/g, ''));
      return;
    }
    if (entry.media) return;
    const x = valueNumber(bytes, start, end);
    if (x !== undefined) this.#push(entry, x);
    else this.#decoded(entry, valueOf(bytes, start, end));
  }

  /** A row read from JSON (wandb-history.jsonl): a whole decoded object. */
  jsonRow(row: Record<string, unknown>): void {
    this.beginRow();
    for (const [k, v] of Object.entries(row)) {
      const entry = this.keys.byParts([k]);
      if (entry.kind === KEY_STEP) this.#step = typeof v === 'number' ? v : NaN;
      else if (entry.kind === KEY_TIMESTAMP)
        this.#timestamp = typeof v === 'number' ? v * 1000 : NaN;
      else if (entry.kind === KEY_RUNTIME) {
        if (typeof v === 'number' && !(v <= this.maxRuntime)) this.maxRuntime = v;
      } else if (entry.kind === KEY_METRIC) {
        if (typeof v === 'number') this.#push(entry, v);
        else this.#decoded(entry, v);
      }
    }
  }

  /** A value that is not a plain number: nested objects give metrics, the rest is counted. */
  #decoded(entry: KeyEntry, value: unknown): void {
    walkLeaves([entry.key], value, (parts, v) => {
      if (typeof v === 'number') {
        this.#push(parts.length === 1 ? entry : this.keys.byParts(parts), v);
        return;
      }
      const leaf = parts.length === 1 ? entry : this.keys.byParts(parts);
      leaf.inHistory = true;
      const kind = kindOfValue(v);
      // Counted when the row ends: by then a leaf may turn out to belong to a media object.
      if (kind !== null) this.#others.push({ entry: leaf, kind });
    });
  }

  #push(entry: KeyEntry, value: number): void {
    if (entry.kind !== KEY_METRIC || entry.media) return;
    entry.inHistory = true;
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#entries[this.#length] = entry;
    this.#values[this.#length++] = value;
  }

  /**
   * Ends the row; `fallbackStep` is the record's HistoryStep (the row count when it has none),
   * used when the row carries no `_step` (W&B's shared mode).
   */
  endRow(fallbackStep: number): void {
    const step = Number.isNaN(this.#step) ? fallbackStep : this.#step;
    const ts = this.#timestamp;
    const n = this.#length;
    const entries = this.#entries;
    const values = this.#values;
    if (this.#typeLeaves.length > 0) this.#markMedia(n);
    for (const o of this.#others) if (!o.entry.media) countNotShown(this.notShown, o.kind);
    for (let i = 0; i < n; i++) if (!entries[i]!.media) entries[i]!.last = values[i]!;
    for (let i = 0; i < n; i++) {
      const entry = entries[i]!;
      if (entry.media) continue;
      const stepMetric = this.#stepMetricOf(entry);
      let x = step;
      if (stepMetric !== null) {
        x = stepMetric.last;
        if (Number.isNaN(x)) {
          this.withoutStepMetric++;
          continue;
        }
      }
      (entry.series ??= new SeriesBuilder(entry.key)).push(x, values[i]!, ts);
      this.points++;
    }
    this.rows++;
    if (!Number.isNaN(step)) this.lastStep = step;
    if (!Number.isNaN(ts)) {
      if (Number.isNaN(this.firstTimestamp)) this.firstTimestamp = ts;
      this.lastTimestamp = ts;
    }
  }

  /** Leaves of the row under a `<path>/_type` leaf belong to a media object, now and later. */
  #markMedia(n: number): void {
    const parents = new Set(this.#typeLeaves.map((e) => e.parent));
    const mark = (entry: KeyEntry) => {
      for (const p of parents) if (entry.key.startsWith(`${p}/`)) entry.media = true;
    };
    for (let i = 0; i < n; i++) mark(this.#entries[i]!);
    for (const o of this.#others) mark(o.entry);
  }

  #stepMetricOf(entry: KeyEntry): KeyEntry | null {
    if (entry.stepGeneration === this.#generation) return entry.stepMetric;
    entry.stepGeneration = this.#generation;
    // The latest definition by name, else the latest glob that matches (names win over globs).
    const found =
      this.#definitions.findLast((d) => d.glob === null && d.name === entry.key) ??
      this.#definitions.findLast((d) => d.glob !== null && d.glob.test(entry.key));
    const stepKey = found?.stepMetric ?? '';
    // A step metric on itself would plot x against x: it keeps `_step`.
    entry.stepMetric =
      stepKey !== '' && stepKey !== entry.key ? this.keys.byParts([stepKey]) : null;
    return entry.stepMetric;
  }

  /** The series with points, in the order their keys were first seen. */
  series(): SeriesBuilder[] {
    const out: SeriesBuilder[] = [];
    for (const e of this.keys.entries()) if (e.series && e.series.length > 0) out.push(e.series);
    return out;
  }
}
