/**
 * Compares what Runlens printed (`runlens summary --json`) with what it should show for what the
 * native tool saw (an ExpectedImport), field by field, as readable lines: `run_03 › metric
 * train/loss › points: expected 40, Runlens 39`. No line means they agree.
 */
import type { SummaryDocument, SummaryRun } from '../../src/lib/cli/summary';

/** A number as the readers write it: non-finite ones as strings. */
export type JsonNumber = number | string;

/** One metric as Runlens should show it: every point of every native series mapped to it. */
export interface ExpectedMetric {
  /** [step, wall time, value] in reading order. */
  points: [number, number, JsonNumber][];
  /** Where the points came from, for messages: `run_01/train › loss`. */
  from: string[];
}

export interface ExpectedRun {
  id: string;
  /** The native runs read into it (TensorBoard: itself and its train/validation folders). */
  sources: string[];
  metrics: Map<string, ExpectedMetric>;
  params: Map<string, string> | null;
  status: string;
  note: string | null;
  artifacts: number;
  startTime: number | null;
  endTime: number | null;
}

/** A file that ends inside a record: Runlens must warn of it. */
export interface ExpectedWarning {
  /** Path below the logdir. */
  file: string;
  byte: number;
  records: number;
}

export interface ExpectedImport {
  runs: Map<string, ExpectedRun>;
  truncated: ExpectedWarning[];
  /** Problems with TensorBoard's own view (its loader and the framing disagree). */
  readerProblems: string[];
}

/** float32 keeps 24 significant bits: values written as float32 agree to this relative error. */
const FLOAT32_TOLERANCE = 2 ** -23;

function asNumber(x: JsonNumber): number {
  if (typeof x === 'number') return x;
  return x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : NaN;
}

/** Equal, or within float32 rounding; NaN equals NaN, -0 equals 0. */
export function sameNumber(a: JsonNumber, b: JsonNumber): boolean {
  const x = asNumber(a);
  const y = asNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= FLOAT32_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

/**
 * A point later than another by (step, wall time, value), NaN the smallest: MLflow's rule. A
 * missing wall time (NaN: CSV logs and Trainer states have none) sorts before any real one, so
 * two points at one step without times are ordered by value (SUMMARY.md).
 */
function later(a: [number, number, JsonNumber], b: [number, number, JsonNumber]): boolean {
  if (a[0] !== b[0]) return a[0] > b[0];
  const ta = Number.isNaN(a[1]) ? -Infinity : a[1];
  const tb = Number.isNaN(b[1]) ? -Infinity : b[1];
  if (ta !== tb) return ta > tb;
  // NaN below every number, -Infinity included, so the readers' order never decides a tie.
  const va = asNumber(a[2]);
  const vb = asNumber(b[2]);
  if (Number.isNaN(va)) return false;
  if (Number.isNaN(vb)) return true;
  return va > vb;
}

/** The figures of a metric in the summary, as expected. */
export interface ExpectedFigures {
  points: number;
  last: JsonNumber;
  lastStep: number;
  first: JsonNumber;
  firstStep: number;
  min: number;
  max: number;
}

/** The figures SUMMARY.md defines (plus first/firstStep), from every point the native tool read. */
export function figuresOf(m: ExpectedMetric): ExpectedFigures {
  let last = m.points[0]!;
  let first = m.points[0]!;
  let min = NaN;
  let max = NaN;
  for (const p of m.points) {
    if (later(p, last)) last = p;
    if (p[0] < first[0] || (p[0] === first[0] && p[1] < first[1])) first = p;
    const v = asNumber(p[2]);
    if (Number.isNaN(v)) continue;
    if (!(v >= min)) min = v;
    if (!(v <= max)) max = v;
  }
  return {
    points: m.points.length,
    last: last[2],
    lastStep: last[0],
    first: first[2],
    firstStep: first[0],
    min,
    max
  };
}

function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

/** A short readable form of a long text: its length and where it first differs. */
function textDiff(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 40));
  return `differs at character ${i}: expected …${around(expected)}…, Runlens …${around(actual)}…`;
}

function compareRun(e: ExpectedRun, r: SummaryRun, out: string[]): void {
  const at = `${e.id}`;
  const line = (field: string, expected: unknown, actual: unknown) =>
    out.push(`${at} › ${field}: expected ${show(expected)}, Runlens ${show(actual)}`);
  const metricKeys = new Set([...e.metrics.keys(), ...Object.keys(r.metrics)]);
  for (const key of [...metricKeys].sort()) {
    const expected = e.metrics.get(key);
    const actual = r.metrics[key];
    if (!expected) {
      line(`metric ${show(key)}`, 'no such metric', actual);
      continue;
    }
    if (!actual) {
      out.push(
        `${at} › metric ${show(key)}: missing in Runlens (from ${expected.from.join('; ')})`
      );
      continue;
    }
    const want = figuresOf(expected);
    for (const field of ['points', 'firstStep', 'lastStep'] as const) {
      if (want[field] !== actual[field])
        line(`metric ${show(key)} › ${field}`, want[field], actual[field]);
    }
    for (const field of ['first', 'last', 'min', 'max'] as const) {
      if (!sameNumber(want[field], actual[field])) {
        line(
          `metric ${show(key)} › ${field} (from ${expected.from.join('; ')})`,
          want[field],
          actual[field]
        );
      }
    }
  }
  const params = e.params ?? new Map<string, string>();
  const paramKeys = new Set([...params.keys(), ...Object.keys(r.params)]);
  for (const key of [...paramKeys].sort()) {
    if (params.get(key) !== r.params[key])
      line(`param ${show(key)}`, params.get(key), r.params[key]);
  }
  if (e.status !== r.status) line('status', e.status, r.status);
  const note = r.tags['mlflow.note.content'];
  if (e.note !== (note ?? null)) {
    if (e.note === null || note === undefined) line('note', e.note, note ?? null);
    else out.push(`${at} › note ${textDiff(e.note, note)}`);
  }
  if (e.artifacts !== r.artifacts) line('image artifacts', e.artifacts, r.artifacts);
  if (e.startTime !== r.startTime) line('startTime', e.startTime, r.startTime);
  if (e.endTime !== r.endTime) line('endTime', e.endTime, r.endTime);
}

/** Every field where Runlens's summary of `logdirName` differs from what was expected. */
export function compareSummary(
  expected: ExpectedImport,
  doc: SummaryDocument,
  logdirName: string
): string[] {
  const out: string[] = [...expected.readerProblems];
  for (const e of doc.errors) out.push(`error: ${e.file}: ${e.message}`);
  for (const s of doc.skipped) out.push(`skipped: ${s.file}: ${s.reason}`);
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const [id, e] of expected.runs) {
    const r = byId.get(id);
    if (!r) out.push(`${id}: run missing in Runlens (native runs ${e.sources.join(', ')})`);
    else compareRun(e, r, out);
  }
  for (const r of doc.runs) {
    if (!expected.runs.has(r.id))
      out.push(`${r.id}: run in Runlens that TensorBoard does not have`);
  }
  const cutOff = doc.warnings.filter((w) => w.message.includes('cut-off record'));
  for (const t of expected.truncated) {
    const file = `${logdirName}/${t.file}`;
    const w = cutOff.find((x) => x.file === file);
    const want = `at byte ${t.byte} `;
    const records = `the ${t.records.toLocaleString('en-US')} records before it were read`;
    if (!w) out.push(`${file}: ends inside a record at byte ${t.byte}; Runlens did not warn`);
    else if (!w.message.includes(want) || !w.message.includes(records)) {
      out.push(`${file}: expected a warning "${want}… ${records}", Runlens said "${w.message}"`);
    }
  }
  for (const w of cutOff) {
    if (!expected.truncated.some((t) => `${logdirName}/${t.file}` === w.file)) {
      out.push(`${w.file}: Runlens warned "${w.message}" but the file ends on a whole record`);
    }
  }
  return out;
}

/** How much was compared, so a run that compared nothing shows it. */
export function describeCompared(expected: ExpectedImport): string {
  const runs = [...expected.runs.values()];
  const metrics = runs.reduce((n, r) => n + r.metrics.size, 0);
  const points = runs.reduce(
    (n, r) => n + [...r.metrics.values()].reduce((m, x) => m + x.points.length, 0),
    0
  );
  const params = runs.reduce((n, r) => n + (r.params?.size ?? 0), 0);
  const notes = runs.filter((r) => r.note !== null).length;
  const images = runs.reduce((n, r) => n + r.artifacts, 0);
  return (
    `compared ${runs.length} runs, ${metrics} metrics (${points} points), ${params} params, ` +
    `${notes} notes, ${images} images, ${expected.truncated.length} cut-off files`
  );
}
