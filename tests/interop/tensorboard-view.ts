/**
 * What TensorBoard sees in a logdir (the JSON of read_tensorboard.py), and what Runlens should
 * show for it by the rules of docs/tensorboard.md: train/validation folders joined to the run
 * above them with their metric keys prefixed, one-number tensors of the scalars plugin (or of no
 * plugin) as metrics, the first session-start info as params, the end info as status, texts as
 * the note, images as artifacts, and a warning for each file that ends inside a record.
 */

import type {
  ExpectedImport,
  ExpectedMetric,
  ExpectedRun,
  ExpectedWarning,
  JsonNumber
} from './compare-summary';

export interface TagView {
  plugin: string;
  points?: [number, number, JsonNumber][];
  dtypes?: string[];
  texts?: [number, string[]][];
  images?: [number, number][];
  other?: number;
}

export interface HparamView {
  type: 'number' | 'string' | 'bool' | string;
  value?: number | string | boolean;
  /** Python's repr() of a number value. */
  python?: string;
}

export interface RunView {
  tags: Record<string, TagView>;
  hparams: Record<string, HparamView> | null;
  /** SessionEndInfo.status: 0 unknown, 1 success, 2 failure, 3 running. */
  status: number | null;
}

export interface FileView {
  run: string;
  /** Whole records by the TFRecord framing. */
  records: number;
  /** Events TensorBoard's LegacyEventFileLoader yielded. */
  loaderRecords: number;
  truncatedAt: number | null;
  minWallTime: number | null;
  maxWallTime: number | null;
}

export interface TensorBoardView {
  tensorboard: string;
  runs: Record<string, RunView>;
  files: Record<string, FileView>;
}

/** Folders read into the run above them (docs/tensorboard.md, "Train and validation folders"). */
const SPLIT_FOLDERS = new Set(['train', 'validation', 'val', 'eval', 'test']);

/** `trial/validation` → run `trial`, prefix `validation/`; a top-level `train` joins run `.`. */
export function runOf(tensorboardRun: string): { run: string; prefix: string } {
  const slash = tensorboardRun.lastIndexOf('/');
  const last = tensorboardRun.slice(slash + 1);
  if (!SPLIT_FOLDERS.has(last)) return { run: tensorboardRun, prefix: '' };
  return { run: slash < 0 ? '.' : tensorboardRun.slice(0, slash), prefix: `${last}/` };
}

/** Status by SessionEndInfo (SUCCESS → FINISHED...); none, or unknown, says FINISHED. */
const STATUS: Record<number, string> = { 1: 'FINISHED', 2: 'FAILED', 3: 'RUNNING' };

/** A param as docs/tensorboard.md spells it: Python's text, whole numbers without `.0`. */
export function paramText(h: HparamView): string {
  if (h.type === 'bool') return h.value ? 'True' : 'False';
  if (h.type === 'string') return String(h.value);
  if (h.type === 'number') {
    const text = h.python ?? String(h.value);
    const whole = typeof h.value === 'number' && Number.isInteger(h.value);
    return whole && Math.abs(h.value as number) < 1e16 ? text.replace(/\.0$/, '') : text;
  }
  return 'None';
}

interface TextEntry {
  key: string;
  step: number;
  text: string;
}

/** Texts as the note: one alone as is; several grouped under `## key`, `**Step n**` each. */
function noteGroups(texts: TextEntry[]): string[] {
  if (texts.length === 1) return [texts[0]!.text];
  const byKey = new Map<string, string[]>();
  for (const t of texts) {
    const parts = byKey.get(t.key) ?? [];
    parts.push(`**Step ${t.step}**`, t.text);
    byKey.set(t.key, parts);
  }
  return [...byKey].map(([key, parts]) => [`## ${key}`, ...parts].join('\n\n'));
}

/**
 * Puts the note's groups in the order they appear in Runlens's note (the order folders are read
 * in is Runlens's own business; what each group holds is not), then joins them as the note.
 */
export function expectedNote(texts: TextEntry[], actual: string | undefined): string | null {
  if (texts.length === 0) return null;
  const groups = noteGroups(texts);
  const at = (g: string) => (actual === undefined ? -1 : actual.indexOf(g));
  return groups
    .map((g, i) => ({ g, i, at: at(g) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.g)
    .join('\n\n');
}

/** The first event file of a TensorBoard run, by path: the order Runlens reads files in. */
function firstFile(view: TensorBoardView, run: string): string {
  let first = '\uffff';
  for (const [path, f] of Object.entries(view.files))
    if (f.run === run && path < first) first = path;
  return first;
}

/** What Runlens should show for a logdir TensorBoard read as `view`. */
export function expectFromTensorBoard(
  view: TensorBoardView,
  notes: (runId: string) => string | undefined
): ExpectedImport {
  const groups = new Map<string, { tbRun: string; prefix: string }[]>();
  for (const tbRun of Object.keys(view.runs)) {
    const { run, prefix } = runOf(tbRun);
    const list = groups.get(run) ?? [];
    list.push({ tbRun, prefix });
    groups.set(run, list);
  }
  const runs = new Map<string, ExpectedRun>();
  for (const [id, members] of groups) {
    members.sort((a, b) => (firstFile(view, a.tbRun) < firstFile(view, b.tbRun) ? -1 : 1));
    const metrics = new Map<string, ExpectedMetric>();
    const texts: TextEntry[] = [];
    let params: Map<string, string> | null = null;
    let status: string | null = null;
    let artifacts = 0;
    for (const { tbRun, prefix } of members) {
      const rv = view.runs[tbRun]!;
      if (params === null && rv.hparams && Object.keys(rv.hparams).length > 0) {
        params = new Map(
          Object.entries(rv.hparams).map(([k, h]) => [k.normalize('NFC'), paramText(h)])
        );
      }
      if (rv.status !== null && STATUS[rv.status]) status = STATUS[rv.status]!;
      for (const [tag, tv] of Object.entries(rv.tags)) {
        const key = (prefix + tag).normalize('NFC');
        if (tv.points) {
          const m = metrics.get(key) ?? { points: [], from: [] };
          m.points.push(...tv.points);
          m.from.push(`${tbRun} › ${tag} (${tv.plugin || 'no plugin'}, ${tv.dtypes?.join('/')})`);
          metrics.set(key, m);
        }
        for (const [step, strings] of tv.texts ?? []) {
          texts.push({ key: prefix + tag, step, text: strings.join('\n\n') });
        }
        for (const [, n] of tv.images ?? []) artifacts += n;
      }
    }
    let start = Infinity;
    let end = -Infinity;
    for (const f of Object.values(view.files)) {
      if (!members.some((m) => m.tbRun === f.run)) continue;
      if (f.minWallTime !== null) start = Math.min(start, f.minWallTime);
      if (f.maxWallTime !== null) end = Math.max(end, f.maxWallTime);
    }
    runs.set(id, {
      id,
      sources: members.map((m) => m.tbRun),
      metrics,
      params,
      status: status ?? 'FINISHED',
      note: expectedNote(texts, notes(id)),
      artifacts,
      startTime: Number.isFinite(start) ? Math.round(start * 1000) : null,
      endTime: Number.isFinite(end) ? Math.round(end * 1000) : null
    });
  }
  const truncated: ExpectedWarning[] = [];
  const readerProblems: string[] = [];
  for (const [file, f] of Object.entries(view.files)) {
    if (f.truncatedAt !== null) truncated.push({ file, byte: f.truncatedAt, records: f.records });
    if (f.records !== f.loaderRecords) {
      readerProblems.push(
        `${file}: TensorBoard's loader read ${f.loaderRecords} records, the framing has ${f.records}`
      );
    }
  }
  return { runs, truncated, readerProblems };
}

/** Runlens runs a view makes, and the kinds of data it holds (a writer's `covers` list). */
export function featuresOf(view: TensorBoardView): { runs: number; seen: Set<string> } {
  const seen = new Set<string>();
  for (const [name, run] of Object.entries(view.runs)) {
    if (runOf(name).prefix) seen.add('split-folder');
    if (run.hparams) seen.add('hparams');
    if (run.status !== null) seen.add('status');
    for (const tag of Object.values(run.tags)) {
      for (const d of tag.dtypes ?? []) seen.add(`dtype:${d}`);
      if (tag.points && tag.plugin === '') seen.add('plugin:none');
      if (tag.texts?.length) seen.add('text');
      if (tag.images?.some(([, n]) => n > 0)) seen.add('images');
    }
  }
  const perRun = new Map<string, number>();
  for (const f of Object.values(view.files)) {
    perRun.set(f.run, (perRun.get(f.run) ?? 0) + 1);
    if (f.truncatedAt !== null) seen.add('cut-off');
  }
  if ([...perRun.values()].some((n) => n > 1)) seen.add('several-files');
  return { runs: new Set(Object.keys(view.runs).map((r) => runOf(r).run)).size, seen };
}
