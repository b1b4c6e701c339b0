/**
 * A model registry as an export states it (MLflow's registered models): each registered model,
 * its versions and its aliases. Kept apart from runs: a version names the run that produced it by
 * id (`runId`), and the views resolve that to a stored run when one with that id is in the library.
 * Keys from files (tags) live in Maps, as a run's do.
 */

/** One version of a registered model. */
export interface ModelVersion {
  /** As the export writes it (MLflow's versions are whole numbers: `"3"`). */
  version: string;
  /** The run that produced it, or null (a version registered from a path). */
  runId: string | null;
  /** Where its files were registered from (`runs:/…/model`, `models:/m-…`, a path). */
  source: string | null;
  /** `None`, `Staging`, `Production`, `Archived` (MLflow's legacy stages), or null when unsaid. */
  stage: string | null;
  /** `READY`, `PENDING_REGISTRATION`, `FAILED_REGISTRATION`, or null. */
  status: string | null;
  description: string | null;
  tags: Map<string, string>;
  /** Epoch ms, or null. */
  created: number | null;
  updated: number | null;
  /** MLflow 3's logged model id (`m-…`), when the version was made from one. */
  modelId: string | null;
  /** The file (or table) it was read from. */
  from: string;
}

/** An alias (`champion`) pointing at one version. */
export interface ModelAlias {
  alias: string;
  version: string;
}

export interface RegisteredModel {
  name: string;
  /**
   * The registry it belongs to when one import may hold several with their own names: an SQLite
   * store's path (its experiments are scoped the same way). Null for a FileStore's `mlruns/models`
   * and export files, whose models are known by name.
   */
  store: string | null;
  description: string | null;
  tags: Map<string, string>;
  aliases: ModelAlias[];
  created: number | null;
  updated: number | null;
  /** In the order the export lists them (by version number for MLflow's stores). */
  versions: ModelVersion[];
  from: string;
}

/** A version's aliases, from its model's alias list. */
export function aliasesOf(model: RegisteredModel, version: string): string[] {
  return model.aliases.filter((a) => a.version === version).map((a) => a.alias);
}

/** Whether a stage says anything (MLflow writes `None` for "no stage"). */
export function meaningfulStage(stage: string | null): stage is string {
  return stage !== null && stage !== '' && stage !== 'None';
}

/**
 * Models of one import by name: a model read from two files (a FileStore's model folder and an
 * export's model.json) keeps the first's fields and gains the versions it lacked.
 */
export function mergeRegistry(lists: readonly (readonly RegisteredModel[])[]): RegisteredModel[] {
  const byName = new Map<string, RegisteredModel>();
  for (const list of lists) {
    for (const model of list) {
      const id = `${model.store ?? ''}\u0000${model.name}`;
      const known = byName.get(id);
      if (!known) {
        byName.set(id, { ...model, versions: [...model.versions] });
        continue;
      }
      for (const v of model.versions) {
        if (!known.versions.some((k) => k.version === v.version)) known.versions.push(v);
      }
      for (const a of model.aliases) {
        if (!known.aliases.some((k) => k.alias === a.alias)) known.aliases.push(a);
      }
      known.description ??= model.description;
    }
  }
  for (const m of byName.values()) m.versions.sort(byVersion);
  return [...byName.values()];
}

/** Versions by number when both are numbers, else as text. */
export function byVersion(a: { version: string }, b: { version: string }): number {
  const x = Number(a.version);
  const y = Number(b.version);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}
