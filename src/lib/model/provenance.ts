/**
 * What produced a run: its code, the data it read, the environment it ran in and the models it
 * logged. Every field is what a file of the export says (a tag, a metadata file, an MLmodel);
 * nothing is guessed, so a field the export does not state is null or an empty list. `from` names
 * where each part was read (a tag key or a file path), so a person can check it.
 */

export interface CodeProvenance {
  /** Remote URL of the git repository. */
  repository: string | null;
  commit: string | null;
  branch: string | null;
  /** True when the export says the working tree had uncommitted changes; null when unsaid. */
  dirty: boolean | null;
  /** The script, notebook or project entry point that ran (MLflow's source name, W&B's program). */
  entryPoint: string | null;
  /** The command line, when the export has the arguments. */
  command: string | null;
  /** MLflow's source type (LOCAL, NOTEBOOK, JOB, PROJECT), or null. */
  sourceType: string | null;
  /**
   * The files a patch saved with the run changes (W&B's `diff.patch`: uncommitted changes against
   * the commit; `diff_<commit>.patch`: changes since the upstream commit). Absent when the export
   * saved no readable patch.
   */
  patches?: CodePatch[];
  from: string[];
}

/** One file a patch changes, with git's `--numstat` counts. */
export interface ChangedFile {
  /** The path after the change (the old path for a deleted file). */
  path: string;
  /** The path before, when the patch renames or copies the file; otherwise null. */
  previous: string | null;
  /** Lines added and removed; null for a binary file (git says only that it differs). */
  added: number | null;
  removed: number | null;
}

/** A patch saved with the run, read for the files it changes (never applied or rendered). */
export interface CodePatch {
  /** The patch file, as the run's artifacts name it (`diff.patch`). */
  file: string;
  /** The commit it is taken against: null for the run's own commit (uncommitted changes). */
  base: string | null;
  files: ChangedFile[];
}

/** One dataset a run read (MLflow 2.4+ dataset inputs). */
export interface DatasetInput {
  name: string;
  digest: string | null;
  /** MLflow's source type (`local`, `http`, `delta_table`, …) and the source itself (often JSON). */
  sourceType: string | null;
  source: string | null;
  /** `training`, `validation`, `eval`… (the `mlflow.data.context` input tag). */
  context: string | null;
  /** MLflow's schema and profile, as the export writes them (JSON text), when given. */
  schema: string | null;
  profile: string | null;
  from: string;
}

/** One package requirement, as a requirements or conda file states it. */
export interface PackageRequirement {
  name: string;
  /** The version constraint as written (`==1.3.0`, `>=2`), '' when the file gives none. */
  spec: string;
  /** The file (or tag) that lists it. */
  from: string;
}

export interface EnvironmentProvenance {
  python: string | null;
  packages: PackageRequirement[];
  os: string | null;
  host: string | null;
  /** Accelerators, e.g. `1 × NVIDIA GeForce RTX 4060 Ti, CUDA 12.4`. */
  hardware: string | null;
  from: string[];
}

/** A model the run logged (MLflow 3.x logged model, or a model artifact with an MLmodel file). */
export interface LoggedModel {
  /** MLflow 3.x model id (`m-…`) or the MLmodel's model_uuid. */
  id: string | null;
  name: string | null;
  /** Where it sits among the run's artifacts (`model`), when it is one. */
  artifactPath: string | null;
  /** MLmodel flavors (`python_function`, `sklearn`, …). */
  flavors: string[];
  /** The step it was logged at (MLflow 3.x outputs). */
  step: number | null;
  mlflowVersion: string | null;
  /** `utc_time_created` as written. */
  created: string | null;
  from: string;
}

export interface Provenance {
  code: CodeProvenance | null;
  data: DatasetInput[];
  environment: EnvironmentProvenance | null;
  models: LoggedModel[];
}

/** A provenance that says nothing. */
export function emptyProvenance(): Provenance {
  return { code: null, data: [], environment: null, models: [] };
}

/** Does it say anything at all? */
export function hasProvenance(p: Provenance | null | undefined): p is Provenance {
  return (
    !!p && (p.code !== null || p.data.length > 0 || p.environment !== null || p.models.length > 0)
  );
}
