/**
 * What changed between two runs: params, code (commit, branch, entry point, command, and the files
 * each run's saved patch of uncommitted changes touches), data (by
 * dataset name: digest added, removed or changed), packages (added, removed, version changed),
 * Python and system (OS, host, hardware), and the final value of every metric. Pure: the diff page
 * and the tests call it with rows already read.
 */
import type { MetricSummary, Provenance } from '../model';
import { packageKey } from './builder';
import { describeChange } from './rules/git-patch';

export interface Change {
  key: string;
  a: string | null;
  b: string | null;
}

export interface MetricChange {
  key: string;
  a: number | null;
  b: number | null;
  /** b − a when both are finite numbers. */
  delta: number | null;
}

export interface RunSide {
  params: ReadonlyMap<string, string>;
  metrics: ReadonlyMap<string, MetricSummary>;
  provenance: Provenance | null;
}

export interface RunDiff {
  params: Change[];
  code: Change[];
  /**
   * Files changed in one run's uncommitted-changes patch and not the other's, or with other
   * counts (`+2 −1`, `binary`); a run with no saved patch has none (null).
   */
  codeFiles: Change[];
  data: Change[];
  packages: Change[];
  environment: Change[];
  metrics: MetricChange[];
  /** Metrics whose final values are equal (they are listed apart). */
  sameMetrics: number;
  sameParams: number;
}

const byKey = (x: { key: string }, y: { key: string }) =>
  x.key < y.key ? -1 : x.key > y.key ? 1 : 0;

/** Changes between two keyed maps of text (keys on one side only count as changes). */
function mapChanges(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): Change[] {
  const out: Change[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? null;
    const y = b.get(key) ?? null;
    if (x !== y) out.push({ key, a: x, b: y });
  }
  return out.sort(byKey);
}

function codeFacts(p: Provenance | null): Map<string, string> {
  const c = p?.code;
  const facts = new Map<string, string>();
  const set = (k: string, v: string | null | undefined) => {
    if (v !== null && v !== undefined) facts.set(k, v);
  };
  set('repository', c?.repository);
  set('commit', c?.commit);
  set('branch', c?.branch);
  if (c?.dirty !== null && c?.dirty !== undefined) facts.set('dirty', String(c.dirty));
  set('entry point', c?.entryPoint);
  set('command', c?.command);
  return facts;
}

function changedFileFacts(p: Provenance | null): Map<string, string> {
  const facts = new Map<string, string>();
  const patch = p?.code?.patches?.find((x) => x.base === null);
  for (const f of patch?.files ?? []) facts.set(f.path, describeChange(f));
  return facts;
}

function dataFacts(p: Provenance | null): Map<string, string> {
  const facts = new Map<string, string>();
  for (const d of p?.data ?? []) {
    const key = d.context ? `${d.name} (${d.context})` : d.name;
    facts.set(key, d.digest ? `digest ${d.digest}` : 'no digest');
  }
  return facts;
}

function packageFacts(p: Provenance | null): Map<string, string> {
  const facts = new Map<string, string>();
  for (const x of p?.environment?.packages ?? []) {
    if (!facts.has(packageKey(x.name))) facts.set(packageKey(x.name), x.spec || 'any version');
  }
  return facts;
}

function environmentFacts(p: Provenance | null): Map<string, string> {
  const e = p?.environment;
  const facts = new Map<string, string>();
  for (const k of ['python', 'os', 'host', 'hardware'] as const) {
    const v = e?.[k];
    if (v) facts.set(k === 'os' ? 'OS' : k === 'python' ? 'Python' : k, v);
  }
  return facts;
}

function finalValue(m: MetricSummary | undefined): number | null {
  return m && m.count > 0 && !Number.isNaN(m.last) ? m.last : null;
}

/** The diff of run `a` against run `b`. */
export function diffRuns(a: RunSide, b: RunSide): RunDiff {
  const params = mapChanges(a.params, b.params);
  const metrics: MetricChange[] = [];
  let sameMetrics = 0;
  for (const key of [...new Set([...a.metrics.keys(), ...b.metrics.keys()])].sort()) {
    const x = finalValue(a.metrics.get(key));
    const y = finalValue(b.metrics.get(key));
    if (x === y || (x !== null && y !== null && Object.is(x, y))) {
      sameMetrics++;
      continue;
    }
    const delta =
      x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y) ? y - x : null;
    metrics.push({ key, a: x, b: y, delta });
  }
  return {
    params,
    code: mapChanges(codeFacts(a.provenance), codeFacts(b.provenance)),
    codeFiles: mapChanges(changedFileFacts(a.provenance), changedFileFacts(b.provenance)),
    data: mapChanges(dataFacts(a.provenance), dataFacts(b.provenance)),
    packages: mapChanges(packageFacts(a.provenance), packageFacts(b.provenance)),
    environment: mapChanges(environmentFacts(a.provenance), environmentFacts(b.provenance)),
    metrics,
    sameMetrics,
    sameParams: new Set([...a.params.keys(), ...b.params.keys()]).size - params.length
  };
}
