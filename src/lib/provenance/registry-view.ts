/**
 * The registry as the Models view and the run page show it: every registered model with its
 * versions, each version's stage and aliases, and the stored run it names (by run id) when that run
 * is in the library. Pure: the worker hands it the rows.
 */
import { aliasesOf, meaningfulStage, type RegisteredModel } from '../model';

export interface VersionView {
  version: string;
  stage: string | null;
  status: string | null;
  aliases: string[];
  description: string | null;
  source: string | null;
  created: number | null;
  runId: string | null;
  /** The stored run with that id, or null (not imported, or the version names no run). */
  run: { key: string; name: string | null } | null;
}

export interface ModelView {
  key: string;
  name: string;
  store: string | null;
  sourceFormat: string;
  description: string | null;
  tags: [string, string][];
  updated: number | null;
  versions: VersionView[];
}

/** A version a run produced, for the run page ("Registered as model X v3"). */
export interface Registration {
  modelKey: string;
  model: string;
  version: string;
  stage: string | null;
  aliases: string[];
  /** Where the version was made from (`runs:/…/model`, `models:/m-…`), as the registry says. */
  source: string | null;
}

interface RunRef {
  key: string;
  id: string;
  name: string | null;
}

type StoredModel = RegisteredModel & { key: string; sourceFormat: string };

/** Run id → the first stored run with it (MLflow run ids are UUIDs: one run each). */
function runsById(runs: readonly RunRef[]): Map<string, RunRef> {
  const out = new Map<string, RunRef>();
  for (const r of runs) if (!out.has(r.id)) out.set(r.id, r);
  return out;
}

export function registryView(models: readonly StoredModel[], runs: readonly RunRef[]): ModelView[] {
  const byId = runsById(runs);
  return [...models]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : 1))
    .map((m) => ({
      key: m.key,
      name: m.name,
      store: m.store,
      sourceFormat: m.sourceFormat,
      description: m.description,
      tags: [...m.tags],
      updated: m.updated,
      versions: [...m.versions].reverse().map((v) => {
        const run = v.runId === null ? undefined : byId.get(v.runId);
        return {
          version: v.version,
          stage: meaningfulStage(v.stage) ? v.stage : null,
          status: v.status,
          aliases: aliasesOf(m, v.version),
          description: v.description,
          source: v.source,
          created: v.created,
          runId: v.runId,
          run: run ? { key: run.key, name: run.name } : null
        };
      })
    }));
}

/** The versions made from one run (by its id), newest model name first by name. */
export function registrationsOf(models: readonly StoredModel[], runId: string): Registration[] {
  const out: Registration[] = [];
  for (const m of models) {
    for (const v of m.versions) {
      if (v.runId !== runId) continue;
      out.push({
        modelKey: m.key,
        model: m.name,
        version: v.version,
        stage: meaningfulStage(v.stage) ? v.stage : null,
        aliases: aliasesOf(m, v.version),
        source: v.source
      });
    }
  }
  return out.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

/** Run id → names of the models it has a registered version of (the filter's `model_name`). */
export function modelNamesByRun(models: readonly RegisteredModel[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of models) {
    for (const v of m.versions) {
      if (v.runId === null) continue;
      const names = out.get(v.runId) ?? [];
      if (!names.includes(m.name)) names.push(m.name);
      out.set(v.runId, names);
    }
  }
  return out;
}
