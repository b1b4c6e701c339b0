/**
 * Everything read for one TensorBoard run, from all its event files: scalar series, hparams,
 * texts, images, the wall-time span, and counts of what is recognised but not shown. `build`
 * turns it into a Run; `mark`/`rollback` drop what a file that turned out corrupt had added.
 */
import type { Artifact, MetricSeries, Run, RunStatus } from '../../model';
import { artifactPathProblem } from '../artifact-path';
import { SeriesBuilder } from '../readers/series-builder';

/** Kinds of TensorBoard data that are recognised and counted but not imported. */
export type UnsupportedKind =
  'histogram' | 'audio' | 'pr_curve' | 'graph' | 'run metadata' | 'tensor' | 'other';

/** What each kind is called (one, several) and why it is not shown. */
const UNSUPPORTED: Record<UnsupportedKind, [string, string, string]> = {
  histogram: ['histogram value', 'histogram values', 'not shown: histograms are not supported yet'],
  audio: ['audio clip', 'audio clips', 'not shown: audio is not supported yet'],
  pr_curve: ['PR-curve value', 'PR-curve values', 'not shown: PR curves are not supported yet'],
  graph: ['graph record', 'graph records', 'skipped: model graphs are not shown'],
  'run metadata': [
    'run-metadata record',
    'run-metadata records',
    'skipped: step profiling is not shown'
  ],
  tensor: [
    'tensor value',
    'tensor values',
    'not shown: only one-number tensors are read as metrics'
  ],
  other: ['summary', 'summaries', 'of other TensorBoard plugins not shown']
};

/** "412 histogram values not shown: histograms are not supported yet". */
function unsupportedMessage(kind: UnsupportedKind, n: number): string {
  const [one, several, why] = UNSUPPORTED[kind];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : several} ${why}`;
}

interface TextValue {
  key: string;
  step: number;
  text: string;
}

/** The note of text summaries: one text alone as is; several under their tag and step. */
function noteOf(texts: readonly TextValue[]): string | null {
  if (texts.length === 0) return null;
  if (texts.length === 1) return texts[0]!.text;
  const byKey = new Map<string, TextValue[]>();
  for (const t of texts) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  const parts: string[] = [];
  for (const [key, list] of byKey) {
    parts.push(`## ${key}`);
    for (const t of list) parts.push(`**Step ${t.step}**`, t.text);
  }
  return parts.join('\n\n');
}

/** Media type and extension of an encoded image, by its magic bytes. */
function imageType(bytes: Uint8Array): { ext: string; mediaType: string } {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47)
    return { ext: 'png', mediaType: 'image/png' };
  if (b[0] === 0xff && b[1] === 0xd8) return { ext: 'jpg', mediaType: 'image/jpeg' };
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46)
    return { ext: 'gif', mediaType: 'image/gif' };
  if (b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50)
    return { ext: 'webp', mediaType: 'image/webp' };
  return { ext: 'bin', mediaType: 'application/octet-stream' };
}

/** A tag as artifact folders: no empty, `.` or `..` parts, so the path stays inside the run. */
function tagFolder(tag: string): string {
  const parts = tag.split(/[/\\]/).filter((p) => p !== '');
  return parts.map((p) => (p === '.' || p === '..' ? '_' : p)).join('/') || '_';
}

export interface RunIdentity {
  id: string;
  experimentId: string;
  name: string;
  format: string;
  file: string;
}

/** Everything a file can change in a run, as it was before the file. */
interface Mark {
  lengths: Map<SeriesBuilder, number>;
  texts: number;
  images: number;
  unsupported: Map<UnsupportedKind, number>;
  params: Map<string, string> | null;
  status: RunStatus | null;
  minWallTime: number;
  maxWallTime: number;
}

export class RunBuilder {
  readonly #series = new Map<string, SeriesBuilder>();
  readonly #texts: TextValue[] = [];
  readonly #images: Artifact[] = [];
  readonly #imagePaths = new Set<string>();
  readonly #unsupported = new Map<UnsupportedKind, number>();
  #params: Map<string, string> | null = null;
  #status: RunStatus | null = null;
  minWallTime = Infinity;
  maxWallTime = -Infinity;
  /** Scalar points so far (for progress). */
  points = 0;

  /** The series of a metric key, created on first use. */
  seriesFor(key: string): SeriesBuilder {
    let s = this.#series.get(key);
    if (!s) {
      s = new SeriesBuilder(key);
      this.#series.set(key, s);
    }
    return s;
  }

  /** A scalar point; an event without a wall time (0, proto3's default) has no timestamp. */
  addPoint(series: SeriesBuilder, step: number, value: number, wallTime: number): void {
    series.push(step, value, wallTime > 0 ? wallTime * 1000 : NaN);
    this.points++;
  }

  seeWallTime(wallTime: number): void {
    if (!(wallTime > 0)) return;
    if (wallTime < this.minWallTime) this.minWallTime = wallTime;
    if (wallTime > this.maxWallTime) this.maxWallTime = wallTime;
  }

  count(kind: UnsupportedKind, n = 1): void {
    if (n <= 0) return;
    this.#unsupported.set(kind, (this.#unsupported.get(kind) ?? 0) + n);
  }

  addText(key: string, step: number, text: string): void {
    this.#texts.push({ key, step, text });
  }

  /** Stores an encoded image as `images/<tag>/step_<n>.<ext>` (`_<i>` for more at that step). */
  addImage(key: string, step: number, bytes: Uint8Array): void {
    const { ext, mediaType } = imageType(bytes);
    const base = `images/${tagFolder(key)}/step_${step}`;
    let path = `${base}.${ext}`;
    for (let i = 1; this.#imagePaths.has(path); i++) path = `${base}_${i}.${ext}`;
    if (artifactPathProblem(path) !== null) return;
    this.#imagePaths.add(path);
    this.#images.push({ path, size: bytes.length, mediaType, content: bytes.slice() });
  }

  /** Params of the first hparams summary that gives any (later ones from restarts are ignored). */
  setParams(params: Map<string, string>): void {
    if (this.#params === null || this.#params.size === 0) this.#params = params;
  }

  get hasParams(): boolean {
    return this.#params !== null && this.#params.size > 0;
  }

  setStatus(status: RunStatus): void {
    this.#status = status;
  }

  /** Remembers how much has been read, to undo a file that fails part-way. */
  mark(): Mark {
    const lengths = new Map<SeriesBuilder, number>();
    for (const s of this.#series.values()) lengths.set(s, s.length);
    return {
      lengths,
      texts: this.#texts.length,
      images: this.#images.length,
      unsupported: new Map(this.#unsupported),
      params: this.#params,
      status: this.#status,
      minWallTime: this.minWallTime,
      maxWallTime: this.maxWallTime
    };
  }

  rollback(mark: Mark): void {
    for (const s of this.#series.values()) {
      const before = mark.lengths.get(s) ?? 0;
      this.points -= s.length - before;
      s.length = before;
    }
    this.#texts.length = mark.texts;
    for (const a of this.#images.splice(mark.images)) this.#imagePaths.delete(a.path);
    this.#unsupported.clear();
    for (const [kind, n] of mark.unsupported) this.#unsupported.set(kind, n);
    this.#params = mark.params;
    this.#status = mark.status;
    this.minWallTime = mark.minWallTime;
    this.maxWallTime = mark.maxWallTime;
  }

  /** Warnings for what was recognised but not imported, one per kind, biggest first. */
  unsupportedMessages(): string[] {
    return [...this.#unsupported]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => unsupportedMessage(kind, n));
  }

  build(identity: RunIdentity, fallbackParams: Map<string, string> | null): Run {
    const metrics: MetricSeries[] = [];
    for (const s of this.#series.values()) if (s.length > 0) metrics.push(s.finish());
    const tags = new Map<string, string>();
    const note = noteOf(this.#texts);
    if (note !== null) tags.set('mlflow.note.content', note);
    const time = (t: number) => (Number.isFinite(t) ? Math.round(t * 1000) : null);
    return {
      id: identity.id,
      experimentId: identity.experimentId,
      name: identity.name,
      // No end info (most writers): the files say nothing of a failure, so the run finished.
      status: this.#status ?? 'FINISHED',
      startTime: time(this.minWallTime),
      endTime: time(this.maxWallTime),
      deleted: false,
      parentId: null,
      params: this.hasParams ? this.#params! : (fallbackParams ?? new Map()),
      tags,
      metrics,
      artifacts: [...this.#images].sort((a, b) => (a.path < b.path ? -1 : 1)),
      source: { format: identity.format, file: identity.file }
    };
  }
}
