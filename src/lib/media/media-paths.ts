/**
 * The one place that knows where importers put media in a run's artifacts, and how each
 * tracker names a logged image (or text sample) by key and step:
 *
 * - TensorBoard image summaries (importers/tensorboard/run-builder.ts `addImage`):
 *   `images/<tag>/step_<n>.<ext>`, `step_<n>_<i>.<ext>` for more at one step.
 * - MLflow `log_image(image, key=…, step=…)`: `images/<key>%step%<n>%timestamp%<ms>%<uuid>.png`
 *   beside a smaller `…%<uuid>%compressed.webp` (and, in some versions, a `.json`); the key has
 *   `/` replaced by `#`.
 * - W&B media referenced from history: `media/images/<key>_<step>_<hash>.<ext>` (the key may
 *   hold `/` as folders and spaces, e.g. `media/images/Confusion Matrix_8451_ff997f2e.png`);
 *   tables as `media/table/<key>_<step>_<hash>.table.json`.
 * - Neptune file series (importers/neptune/files.ts): `<attribute>/step_<n>/<file name>`.
 * - dvclive images logged per step (`live.log_image(f"<key>/{live.step}.png", …)`):
 *   `plots/images/<key>/<n>.<ext>`.
 * - Anything logged as `<folder>/step_<n>.<ext>` by hand (MLflow `log_text(…, "samples/step_3.txt")`).
 * - Any other image is a series of its own path with no step (a confusion matrix per run).
 *
 * Pure; paths are opaque strings from files (hostile): only matched, never used as file paths.
 */
import { mediaTypeOf } from '../importers/media-types';

export type MediaKind = 'image' | 'text';

export type MediaLayout =
  'tensorboard' | 'mlflow' | 'wandb' | 'neptune' | 'dvclive' | 'step-folder' | 'file';

/** What one artifact path says about the media it holds. */
export interface MediaPath {
  /** The series' name, as the person logged it (`val/samples`). */
  key: string;
  /** The step it was logged at; null for a file logged once (no step in its name). */
  step: number | null;
  kind: MediaKind;
  layout: MediaLayout;
  /**
   * Another file stands for the same image in full: MLflow's compressed `.webp` copy of a `.png`
   * (this is the full one's path). The copy is used only when the full file is missing.
   */
  copyOf: string | null;
}

const IMAGE_EXT = '(?:png|jpe?g|gif|webp|svg|bmp)';

const MLFLOW = new RegExp(
  `^images/([^/]+)%step%(-?\\d+)%timestamp%(\\d+)%([^%/]+?)(%compressed)?\\.${IMAGE_EXT}$`,
  'i'
);
const TENSORBOARD = new RegExp(`^images/(.+)/step_(-?\\d+)(?:_\\d+)?\\.${IMAGE_EXT}$`, 'i');
const WANDB_IMAGE = new RegExp(`^media/images/(.+)_(-?\\d+)_([0-9a-f]{6,})\\.${IMAGE_EXT}$`, 'i');
const WANDB_TABLE = /^media\/table\/(.+)_(-?\d+)_([0-9a-f]{6,})\.table\.json$/i;
const NEPTUNE = /^(.+)\/step_([^/]*)\/[^/]+$/;
const DVCLIVE = new RegExp(`^plots/images/(.+)/(\\d+)\\.${IMAGE_EXT}$`, 'i');
const STEP_FILE = /^(.+)\/step_(-?\d+)(?:_\d+)?\.[A-Za-z0-9]+$/;

/** Image, text sample, or not media (model files, configs, logs). */
export function mediaKindOf(path: string): MediaKind | null {
  const type = mediaTypeOf(path);
  if (type.startsWith('image/')) return 'image';
  if (type === 'text/plain' || type === 'text/markdown' || type === 'application/json') {
    return 'text';
  }
  return null;
}

/** A step written in a file name: `12`, or `12.0` and `0.5` from Neptune's float steps. */
function stepOf(text: string): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function found(
  key: string,
  step: number | null,
  kind: MediaKind,
  layout: MediaLayout,
  copyOf: string | null = null
): MediaPath | null {
  return key === '' ? null : { key, step, kind, layout, copyOf };
}

/**
 * The media series an artifact path belongs to, or null when it is not media that can be
 * compared across runs (a text file logged once, a model, a log).
 */
export function parseMediaPath(path: string): MediaPath | null {
  let m = MLFLOW.exec(path);
  if (m) {
    const step = stepOf(m[2]!);
    const copyOf = m[5] ? `images/${m[1]}%step%${m[2]}%timestamp%${m[3]}%${m[4]}.png` : null;
    return found(m[1]!.replaceAll('#', '/'), step, 'image', 'mlflow', copyOf);
  }
  m = WANDB_IMAGE.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), 'image', 'wandb');
  m = WANDB_TABLE.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), 'text', 'wandb');
  m = TENSORBOARD.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), 'image', 'tensorboard');
  m = DVCLIVE.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), 'image', 'dvclive');

  const kind = mediaKindOf(path);
  if (kind === null) return null;
  m = NEPTUNE.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), kind, 'neptune');
  m = STEP_FILE.exec(path);
  if (m) return found(m[1]!, stepOf(m[2]!), kind, 'step-folder');
  // A file logged once: only images are worth setting side by side (a requirements.txt is not).
  return kind === 'image' ? found(path, null, 'image', 'file') : null;
}
