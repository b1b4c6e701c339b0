/**
 * Every read and write of the store goes through here (an import's write: commit-import.ts); the
 * rest of the app never sees Dexie.
 */
import type { MetricSeries } from '../model';
import type { RunlensDb } from './db';
import type {
  ArtifactRow,
  ExperimentRow,
  ImportRow,
  ProvenanceRow,
  ReadingChoiceRow,
  RegistryRow,
  RunRow,
  SavedViewRow,
  SeriesChunkRow,
  RunEditRow
} from './rows';
import { decodeSeriesChunks } from './series-chunks';
import { shortSeries } from './short-series';
import { isEmptyEdit } from '../run-edits/run-edits';

/** Every remembered choice of column roles (a few rows: one per file a person re-read). */
export function readReadingChoices(db: RunlensDb): Promise<ReadingChoiceRow[]> {
  return db.readings.toArray();
}

export interface LibraryRows {
  experiments: ExperimentRow[];
  runs: RunRow[];
  imports: ImportRow[];
}

/** Everything the start page lists (summaries only; no metric histories are read). */
export async function readLibrary(db: RunlensDb): Promise<LibraryRows> {
  return db.transaction('r', [db.experiments, db.runs, db.imports], async () => ({
    experiments: await db.experiments.toArray(),
    runs: await db.runs.toArray(),
    imports: await db.imports.orderBy('importedAt').toArray()
  }));
}

/**
 * The start page's library with its runs handed over a page at a time (by key), all in one read
 * transaction so the count and the pages agree: a million rows are never in memory at once.
 * `stored` are rows an import has just committed, exactly as the store holds them: their keys
 * are read but not the rows again (reading 10,000 rows back cost 0.7 s after a server import).
 */
export async function readLibraryInPages(
  db: RunlensDb,
  pageSize: number,
  begin: (count: number) => void,
  onRuns: (rows: RunRow[]) => void,
  stored?: ReadonlyMap<string, RunRow> | null
): Promise<{ experiments: ExperimentRow[]; imports: ImportRow[] }> {
  return db.transaction('r', [db.experiments, db.runs, db.imports], async () => {
    const count = await db.runs.count();
    begin(count);
    // Keys cost a read too (10,000 server runs: ~150 ms of keys against 720 ms of rows), so the
    // rows at hand are used only when they are a good share of the library.
    const known = stored && stored.size * STORED_SHARE_WORTH_IT >= count ? stored : null;
    let last: string | null = null;
    for (;;) {
      const from = last === null ? db.runs.toCollection() : db.runs.where(':id').above(last);
      let page: RunRow[];
      if (known) {
        const keys = (await from.limit(pageSize).primaryKeys()) as string[];
        page = await rowsOfKeys(db, keys, known);
      } else page = await from.limit(pageSize).toArray();
      if (page.length > 0) onRuns(page);
      if (page.length < pageSize) break;
      last = page[page.length - 1]!.key;
    }
    return {
      experiments: await db.experiments.toArray(),
      imports: await db.imports.orderBy('importedAt').toArray()
    };
  });
}

/** Rows at hand stand for stored ones when they are at least a quarter of the library. */
const STORED_SHARE_WORTH_IT = 4;
/** Past this many stretches of rows to read in a page, one read of the whole page is cheaper. */
const MAX_STRETCHES = 8;

/**
 * The rows of `keys` (consecutive keys of the store, in order): those in `known` from it, each
 * stretch of the others by one range read.
 */
async function rowsOfKeys(
  db: RunlensDb,
  keys: readonly string[],
  known: ReadonlyMap<string, RunRow>
): Promise<RunRow[]> {
  const stretches: [number, number][] = [];
  for (let i = 0; i < keys.length; i++) {
    if (known.has(keys[i]!)) continue;
    const open = stretches.at(-1);
    if (open && open[1] === i - 1) open[1] = i;
    else stretches.push([i, i]);
  }
  const between = (from: number, to: number) =>
    db.runs.where(':id').between(keys[from]!, keys[to]!, true, true).toArray();
  if (stretches.length > MAX_STRETCHES) return between(0, keys.length - 1);
  const rows: RunRow[] = [];
  let at = 0;
  for (const [from, to] of stretches) {
    for (; at < from; at++) rows.push(known.get(keys[at]!)!);
    rows.push(...(await between(from, to)));
    at = to + 1;
  }
  for (; at < keys.length; at++) rows.push(known.get(keys[at]!)!);
  return rows;
}

export function readRun(db: RunlensDb, key: string): Promise<RunRow | undefined> {
  return db.runs.get(key);
}

/** One metric's full history, reassembled from its chunks. */
export async function readSeries(
  db: RunlensDb,
  runKey: string,
  metric: string
): Promise<MetricSeries> {
  const chunks = await db.series
    .where('[runKey+metric+index]')
    .between([runKey, metric, -Infinity], [runKey, metric, Infinity])
    .toArray();
  if (chunks.length === 0) {
    const row = await db.runs.get(runKey);
    const short = row && shortSeries(row, metric);
    if (short) return short;
  }
  return decodeSeriesChunks(metric, chunks);
}

/** Every metric history of a run (chunked and inline), in the order of its summary. */
export async function readRunSeries(db: RunlensDb, run: RunRow): Promise<MetricSeries[]> {
  const chunks = await db.series.where('runKey').equals(run.key).toArray();
  const byMetric = new Map<string, SeriesChunkRow[]>();
  for (const c of chunks) {
    const list = byMetric.get(c.metric);
    if (list) list.push(c);
    else byMetric.set(c.metric, [c]);
  }
  return [...run.metrics.keys()].map((metric) => {
    const short = byMetric.has(metric) ? undefined : shortSeries(run, metric);
    return short ?? decodeSeriesChunks(metric, byMetric.get(metric) ?? []);
  });
}

export function readArtifacts(db: RunlensDb, runKey: string): Promise<ArtifactRow[]> {
  return db.artifacts.where('runKey').equals(runKey).toArray();
}

/** The other runs of a run's experiment (what "Diff with…" offers), by start time. */
export async function readSiblingRuns(db: RunlensDb, runKey: string): Promise<RunRow[]> {
  const run = await db.runs.get(runKey);
  if (!run) return [];
  const all = await db.runs.where('experimentKey').equals(run.experimentKey).toArray();
  return all
    .filter((r) => r.key !== runKey)
    .sort((x, y) => (x.startTime ?? 0) - (y.startTime ?? 0));
}

/** A run's provenance, or undefined when its export stated none. */
export function readProvenance(db: RunlensDb, runKey: string): Promise<ProvenanceRow | undefined> {
  return db.provenance.get(runKey);
}

/** Every registered model of the library (a few rows: one per model, versions inside). */
export function readRegistry(db: RunlensDb): Promise<RegistryRow[]> {
  return db.registry.toArray();
}

/** Empties every table in one transaction (other open tabs keep a valid, empty database). */
export async function deleteEverything(db: RunlensDb): Promise<void> {
  const tables = [
    ...[db.experiments, db.runs, db.series, db.artifacts, db.imports, db.views],
    ...[db.readings, db.provenance, db.registry, db.edits, db.follows]
  ];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((t) => t.clear()));
  });
}

/** Row counts per table: tests use them to prove a failed import changed nothing. */
export async function countRows(db: RunlensDb): Promise<Record<string, number>> {
  return {
    experiments: await db.experiments.count(),
    runs: await db.runs.count(),
    series: await db.series.count(),
    artifacts: await db.artifacts.count(),
    imports: await db.imports.count(),
    views: await db.views.count(),
    readings: await db.readings.count(),
    provenance: await db.provenance.count(),
    registry: await db.registry.count()
  };
}

/** What a delete removed, kept in memory so the page can undo it while it stays open. */
export interface DeletedRows {
  experiments: ExperimentRow[];
  runs: RunRow[];
  series: SeriesChunkRow[];
  artifacts: ArtifactRow[];
  imports: ImportRow[];
  provenance: ProvenanceRow[];
  /** Registered models of the deleted imports. */
  registry: RegistryRow[];
}

export interface DeleteTarget {
  runKeys?: string[];
  experimentKeys?: string[];
  importIds?: string[];
}

/**
 * Deletes runs (with their histories and artifacts), whole experiments or whole imports in one
 * transaction, and returns everything removed. An experiment row goes when it is named or when
 * its import is deleted and no run of it is left.
 */
export async function deleteWithUndo(db: RunlensDb, target: DeleteTarget): Promise<DeletedRows> {
  const tables = [
    ...[db.experiments, db.runs, db.series, db.artifacts, db.imports, db.views],
    ...[db.provenance, db.registry]
  ];
  return db.transaction('rw', tables, async () => {
    const experimentKeys = new Set(target.experimentKeys ?? []);
    const importIds = new Set(target.importIds ?? []);
    const runKeys = new Set(target.runKeys ?? []);
    if (experimentKeys.size > 0) {
      for (const r of await db.runs
        .where('experimentKey')
        .anyOf([...experimentKeys])
        .toArray())
        runKeys.add(r.key);
    }
    if (importIds.size > 0) {
      for (const r of await db.runs
        .where('importId')
        .anyOf([...importIds])
        .toArray())
        runKeys.add(r.key);
    }
    const keys = [...runKeys];
    const runs = (await db.runs.bulkGet(keys)).filter((r): r is RunRow => r !== undefined);
    const series = await db.series.where('runKey').anyOf(keys).toArray();
    const artifacts = await db.artifacts.where('runKey').anyOf(keys).toArray();
    await db.series.where('runKey').anyOf(keys).delete();
    await db.artifacts.where('runKey').anyOf(keys).delete();
    const provenance = (await db.provenance.bulkGet(keys)).filter(
      (p): p is ProvenanceRow => p !== undefined
    );
    await db.provenance.bulkDelete(keys);
    await db.runs.bulkDelete(keys);
    // Experiments of a deleted import go with it once they hold no runs.
    const candidates = await db.experiments.toArray();
    const experiments: ExperimentRow[] = [];
    for (const e of candidates) {
      const named = experimentKeys.has(e.key);
      const orphaned =
        importIds.has(e.importId) &&
        (await db.runs.where('experimentKey').equals(e.key).count()) === 0;
      if (named || orphaned) experiments.push(e);
    }
    await db.experiments.bulkDelete(experiments.map((e) => e.key));
    const imports = (await db.imports.bulkGet([...importIds])).filter(
      (i): i is ImportRow => i !== undefined
    );
    await db.imports.bulkDelete([...importIds]);
    const registry = await db.registry
      .where('importId')
      .anyOf([...importIds])
      .toArray();
    await db.registry.bulkDelete(registry.map((m) => m.key));
    return { experiments, runs, series, artifacts, imports, provenance, registry };
  });
}

/** Puts back what deleteWithUndo removed, in one transaction. */
export async function restoreDeleted(db: RunlensDb, rows: DeletedRows): Promise<void> {
  const tables = [
    ...[db.experiments, db.runs, db.series, db.artifacts, db.imports, db.views],
    ...[db.provenance, db.registry]
  ];
  await db.transaction('rw', tables, async () => {
    await db.experiments.bulkPut(rows.experiments);
    await db.runs.bulkPut(rows.runs);
    await db.series.bulkPut(rows.series);
    await db.artifacts.bulkPut(rows.artifacts);
    await db.imports.bulkPut(rows.imports);
    await db.provenance.bulkPut(rows.provenance);
    await db.registry.bulkPut(rows.registry);
  });
}

/** Saved views, newest first. */
export async function listViews(db: RunlensDb): Promise<SavedViewRow[]> {
  const views = await db.views.toArray();
  return views.sort((a, b) => b.savedAt - a.savedAt);
}

/** Saves a view; a view with the same name is replaced (names are what people pick from). */
export async function saveView(db: RunlensDb, view: SavedViewRow): Promise<void> {
  await db.transaction('rw', db.views, async () => {
    const same = await db.views.where('name').equals(view.name).primaryKeys();
    await db.views.bulkDelete(same.filter((id) => id !== view.id));
    await db.views.put(view);
  });
}

export async function deleteView(db: RunlensDb, id: string): Promise<void> {
  await db.views.delete(id);
}

/** A person's edit of a run (name, note, tags), or undefined when it has none. */
export function readRunEdit(db: RunlensDb, runKey: string): Promise<RunEditRow | undefined> {
  return db.edits.get(runKey);
}

/** Every edit (a few rows: one per run a person edited), or those of the runs named. */
export async function readRunEdits(
  db: RunlensDb,
  runKeys?: readonly string[]
): Promise<RunEditRow[]> {
  if (!runKeys) return db.edits.toArray();
  return (await db.edits.bulkGet([...runKeys])).filter((e): e is RunEditRow => e !== undefined);
}

/** Stores an edit; an edit that changes nothing deletes the row. */
export async function writeRunEdit(db: RunlensDb, edit: RunEditRow): Promise<void> {
  if (isEmptyEdit(edit)) await db.edits.delete(edit.runKey);
  else await db.edits.put(edit);
}

/** Runs by key, in the order asked (undefined where none is stored). */
export function readRunsByKey(
  db: RunlensDb,
  keys: readonly string[]
): Promise<(RunRow | undefined)[]> {
  return db.runs.bulkGet([...keys]);
}

/** Experiment names by experiment key. */
export async function readExperimentNames(
  db: RunlensDb,
  keys: readonly string[]
): Promise<Map<string, string>> {
  const rows = await db.experiments.bulkGet([...new Set(keys)]);
  return new Map(rows.filter((e) => e !== undefined).map((e) => [e.key, e.name]));
}
