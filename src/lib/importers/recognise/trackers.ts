/**
 * Run data of trackers Runlens cannot read yet, stored in their own files and databases: the
 * MLflow FileStore's model registry, SQLite databases of other tools; and W&B run files found
 * outside their run folder.
 * Magic bytes and layouts as seen in ../shared/fixtures/real (SOURCES.md §5, 8, 13-15; 2026).
 */
import {
  extOf,
  firstLine,
  startsWith,
  unsupported,
  yamlTopKeys,
  type FileFacts,
  type Recogniser
} from './recogniser';

const WANDB_RUN_FILES = new Set([
  'wandb-summary.json',
  'wandb-metadata.json',
  'wandb-history.jsonl',
  'wandb-events.jsonl'
]);

/** A W&B run folder's loose files (0.8 flat layout, later `files/`), its config and sweep configs. */
function isWandbRunFile(f: FileFacts): boolean {
  if (WANDB_RUN_FILES.has(f.name)) return true;
  if (!f.text || (extOf(f.name) !== '.yaml' && extOf(f.name) !== '.yml')) return false;
  // config.yaml as wandb writes it: `wandb_version: 1` first (up to 0.16), or `_wandb:` (0.19+).
  const keys = yamlTopKeys(f.text);
  return firstLine(f.text).startsWith('wandb_version:') || keys.has('_wandb');
}

/**
 * The W&B importer reads these inside their run folder (wandb/importer.ts); one found loose (a
 * summary or config dropped without its folder) holds no run of its own.
 */
const wandbRunFile: Recogniser = {
  id: 'wandb-run-file',
  recognise: (f) =>
    isWandbRunFile(f)
      ? {
          format: 'W&B run file',
          verdict: 'other',
          why: 'read only with its run folder',
          alone:
            'is a file of a W&B run folder: drop the whole folder (run-…, offline-run-… or wandb/) to import the run'
        }
      : null
};

/** A `wandb/settings` INI file: which project and entity, nothing about runs. */
const wandbSettings: Recogniser = {
  id: 'wandb-settings',
  recognise: (f) =>
    f.name === 'settings' && f.dirs.at(-1) === 'wandb' && f.text?.startsWith('[default]')
      ? { format: 'W&B settings file', verdict: 'not-run-data' }
      : null
};

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * SQLite databases no importer read: MLflow's tracking store is read by mlflow-sqlite/, Optuna's
 * storage by optuna-rdb/, trackio's projects by trackio/; any other is named as what it is.
 */
const sqliteStore: Recogniser = {
  id: 'sqlite-store',
  recognise: (f) =>
    startsWith(f.head, SQLITE_MAGIC) ? { format: 'SQLite database', verdict: 'no-runs' } : null
};

/** An MLmodel file (a logged model's description) found outside a run folder. */
const mlflowModel: Recogniser = {
  id: 'mlflow-model',
  recognise: (f) =>
    f.name === 'mlmodel' && f.text && yamlTopKeys(f.text).has('flavors')
      ? { format: 'MLflow model description', verdict: 'not-run-data' }
      : null
};

/**
 * TensorBoard event files: TFRecord framing (uint64 little-endian length, masked CRC) around an
 * Event whose first field is wall_time (tag 0x09). Content only, so a renamed file counts.
 */
function looksLikeEventFile(head: Uint8Array): boolean {
  if (head.length < 13) return false;
  // Lengths of the first record are small: a version string, or a short summary.
  const small = head[3] === 0 && head[4] === 0 && head[5] === 0 && head[6] === 0 && head[7] === 0;
  const length = head[0]! | (head[1]! << 8) | (head[2]! << 16);
  return small && length > 0 && head[12] === 0x09;
}

const tensorboardEvents: Recogniser = {
  id: 'tensorboard-event-file',
  recognise: (f) => (looksLikeEventFile(f.head) ? unsupported('TensorBoard event file') : null)
};

/** Tracker files, most specific first. */
export const TRACKER_RECOGNISERS: readonly Recogniser[] = [
  wandbRunFile,
  wandbSettings,
  sqliteStore,
  mlflowModel,
  tensorboardEvents
];
