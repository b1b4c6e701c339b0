/**
 * Turns parsed batches into stored rows: keys, per-metric summaries, encoded series chunks and
 * artifact Blobs. Pure and synchronous, so it runs before the write transaction opens and the
 * transaction itself does nothing but IndexedDB requests.
 */
import { mergeRegistry, summarizeSeries, type ImportedBatch, type MetricSummary } from '../model';
import {
  experimentKey,
  registryKey,
  runKey,
  type ArtifactRow,
  type ExperimentRow,
  type ImportRow,
  type InlineSeries,
  type ProvenanceRow,
  type ReadingChoiceRow,
  type RegistryRow,
  type RunRow,
  type RunEditRow,
  type SavedViewRow,
  type SeriesChunkRow
} from './rows';
import { encodeSeriesChunks } from './series-chunks';
import type { ScannedFile } from '../importers/importer';

/** Histories up to this many points are kept in the run row (see RunRow.inlineSeries). */
export const INLINE_POINTS = 16;

export interface PreparedImport {
  importRow: ImportRow;
  experiments: ExperimentRow[];
  runs: RunRow[];
  chunks: SeriesChunkRow[];
  artifacts: ArtifactRow[];
  /** Provenance of the runs that have any (a run without one has no row). */
  provenance: ProvenanceRow[];
  /** Registered models the files hold (a registry), one row per format and name. */
  registry: RegistryRow[];
  /** Saved views a bundle carried; stored in the same transaction. */
  views?: SavedViewRow[];
  /** Edits of runs a bundle carried (../run-edits/); stored in the same transaction. */
  edits?: RunEditRow[];
  /** Column roles a re-read used (saved) or gave up (forgotten), stored with its runs. */
  readingChoice?: ReadingChoiceChange;
  /**
   * Files whose runs are read again while they are written (BatchFromFile.scanned), after the
   * runs above; counted in importRow already.
   */
  scanned?: { format: string; scanned: ScannedFile }[];
}

/** What a re-read changes in the remembered column roles (at most one file per import). */
export interface ReadingChoiceChange {
  save?: ReadingChoiceRow;
  /** Id of a row to delete (the person went back to the guess). */
  forget?: string;
}

export interface BatchFromFile {
  file: string;
  format: string;
  batch: ImportedBatch;
  /** Saved views that came with the runs (a bundle's). */
  views?: SavedViewRow[];
  /** Edits of runs that came with them (a bundle's). */
  edits?: RunEditRow[];
  /**
   * A file only scanned so far (its `batch` holds its experiments, no runs): its runs are read
   * again, a batch at a time, inside the write transaction (db/commit-import.ts commitImport).
   */
  scanned?: ScannedFile;
}

/** An experiment record whose name is just its id (nothing better was known). */
export function namesOnlyItsId(e: { id: string; name: string }): boolean {
  return e.name === e.id;
}

/**
 * The experiments of one import, by key, as they are stored: every experiment record the files
 * hold, runs or not (MLflow's empty Default experiment counts). A placeholder (an id a run file
 * named) never replaces what another file says of the experiment. `runlens summary` counts and
 * names experiments with this too, so the CLI and the app agree on the same files.
 */
export function mergeExperiments(
  parsed: readonly BatchFromFile[],
  importId: string
): Map<string, ExperimentRow> {
  const experiments = new Map<string, ExperimentRow>();
  for (const { format, batch } of parsed) {
    for (const e of batch.experiments) {
      const key = experimentKey(format, e.id);
      const placeholder = e.placeholder === true;
      // A placeholder never replaces what another file of the same import says of the experiment,
      // except a bare id with a name that a partial record knows.
      const known = experiments.get(key);
      if (
        placeholder &&
        known &&
        !(known.placeholder && namesOnlyItsId(known) && !namesOnlyItsId(e))
      ) {
        continue;
      }
      experiments.set(key, {
        key,
        importId,
        sourceFormat: format,
        id: e.id,
        name: e.name,
        deleted: e.deleted,
        tags: e.tags,
        placeholder
      });
    }
  }
  return experiments;
}

/** Registered models by format and name; one read from two files gains what the other adds. */
export function prepareRegistry(parsed: readonly BatchFromFile[], importId: string): RegistryRow[] {
  const byFormat = new Map<string, NonNullable<ImportedBatch['registry']>[]>();
  for (const { format, batch } of parsed) {
    if (!batch.registry?.length) continue;
    const lists = byFormat.get(format) ?? [];
    lists.push(batch.registry);
    byFormat.set(format, lists);
  }
  return [...byFormat].flatMap(([format, lists]) =>
    mergeRegistry(lists).map((m) => ({
      ...m,
      key: registryKey(format, m.store, m.name),
      importId,
      sourceFormat: format
    }))
  );
}

/** A short typed array as a plain one (Array.from goes through the iterator protocol). */
function plainArray(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}

/** Builds every row of one import; a run seen twice in the same import keeps its last copy. */
export function prepareImport(
  importId: string,
  parsed: readonly BatchFromFile[],
  importedAt: number
): PreparedImport {
  const experiments = mergeExperiments(parsed, importId);
  const runs = new Map<
    string,
    {
      row: RunRow;
      chunks: SeriesChunkRow[];
      artifacts: ArtifactRow[];
      provenance: ProvenanceRow | null;
    }
  >();
  for (const { format, batch } of parsed) {
    const deletedExperiments = new Set(batch.experiments.filter((e) => e.deleted).map((e) => e.id));
    for (const r of batch.runs) {
      const key = runKey(format, r.experimentId, r.id);
      const metrics = new Map<string, MetricSummary>();
      const chunks: SeriesChunkRow[] = [];
      const inlineSeries = new Map<string, InlineSeries>();
      for (const series of r.metrics) {
        // A summary computed here is marked in place; one the importer gave is copied first.
        // (10,000 server runs of 20 metrics are 200,000 series: copies were most of the GC.)
        const partial = series.completeness === 'sampled' || series.completeness === 'latest';
        const summary: MetricSummary = series.summary
          ? partial
            ? { ...series.summary }
            : series.summary
          : summarizeSeries(series);
        if (partial) summary.sampled = true;
        if (series.completeness === 'latest') summary.latest = true;
        metrics.set(series.key, summary);
        if (series.completeness === 'latest' && series.values.length === 1) {
          // The one point is the summary's last record: kept there (short-series.ts).
          summary.lastTime = series.timestamps[0]!;
        } else if (series.values.length <= INLINE_POINTS) {
          inlineSeries.set(series.key, {
            steps: plainArray(series.steps),
            values: plainArray(series.values),
            timestamps: plainArray(series.timestamps)
          });
        } else chunks.push(...encodeSeriesChunks(key, series));
      }
      const artifacts = r.artifacts.map((a) => ({
        runKey: key,
        path: a.path,
        size: a.size,
        mediaType: a.mediaType,
        blob: a.content
          ? new Blob([a.content as Uint8Array<ArrayBuffer>], { type: a.mediaType })
          : null
      }));
      const row: RunRow = {
        key,
        importId,
        experimentKey: experimentKey(format, r.experimentId),
        sourceFormat: r.source.format,
        sourceFile: r.source.file,
        id: r.id,
        experimentId: r.experimentId,
        name: r.name,
        status: r.status,
        startTime: r.startTime,
        endTime: r.endTime,
        // A run of a deleted experiment is hidden with it.
        deleted: r.deleted || deletedExperiments.has(r.experimentId),
        parentId: r.parentId,
        params: r.params,
        tags: r.tags,
        metrics,
        inlineSeries,
        artifactCount: artifacts.length,
        ...(r.artifactsListed === false ? { artifactsPending: true as const } : {})
      };
      const provenance = r.provenance ? { runKey: key, ...r.provenance } : null;
      runs.set(key, { row, chunks, artifacts, provenance });
    }
  }
  const all = [...runs.values()];
  const chunks = all.flatMap((r) => r.chunks);
  const scanned = parsed.flatMap((p) =>
    p.scanned ? [{ format: p.format, scanned: p.scanned }] : []
  );
  return {
    importRow: {
      id: importId,
      files: parsed.map((p) => p.file),
      formats: [...new Set(parsed.map((p) => p.format))],
      importedAt,
      experimentCount: experiments.size,
      runCount: runs.size + scanned.reduce((n, s) => n + s.scanned.runs, 0),
      pointCount:
        all.reduce(
          (sum, r) => sum + [...r.row.metrics.values()].reduce((n, m) => n + m.count, 0),
          0
        ) + scanned.reduce((n, s) => n + s.scanned.points, 0)
    },
    experiments: [...experiments.values()],
    runs: all.map((r) => r.row),
    chunks,
    artifacts: all.flatMap((r) => r.artifacts),
    provenance: all.flatMap((r) => (r.provenance ? [r.provenance] : [])),
    registry: prepareRegistry(parsed, importId),
    views: parsed.flatMap((p) => p.views ?? []),
    edits: parsed.flatMap((p) => p.edits ?? []),
    ...(scanned.length > 0 ? { scanned } : {})
  };
}
