/**
 * Training logs that frameworks write next to a run (CSV, TSV, JSON, YAML) in formats Runlens
 * cannot read yet: Lightning's CSVLogger, Keras's CSVLogger, Ultralytics YOLO, Hugging Face
 * Trainer, LLaMA-Factory, DVC pipelines, CatBoost (dvclive folders are read: ../dvc/). Recognised by their header or keys, the file
 * name only breaking ties, as seen in ../shared/fixtures/real (SOURCES.md §6, 9-12, 15; 2026).
 */
import {
  extOf,
  firstLine,
  headerCells,
  looksLikeJsonObject,
  mentionsKeys,
  unsupported,
  yamlTopKeys,
  type FileFacts,
  type Recogniser
} from './recogniser';

/** Header cells of a comma- or tab-separated head, or null. */
function cellsOf(f: FileFacts, delimiter: ',' | '\t'): string[] | null {
  if (!f.text) return null;
  const header = headerCells(f.text);
  return header && header.delimiter === delimiter ? header.cells : null;
}

const YOLO_COLUMN =
  /^(train|val)\/(box|cls|dfl|obj|seg|pose|kobj)_loss$|^metrics\/(mAP|precision|recall|accuracy_top)/;

/** Ultralytics (YOLOv5, v8, 11) `results.csv`: epoch plus task columns; cells may be space-padded. */
const ultralyticsResults: Recogniser = {
  id: 'ultralytics-results',
  recognise(f) {
    const cells = cellsOf(f, ',');
    return cells?.includes('epoch') && cells.some((c) => YOLO_COLUMN.test(c))
      ? unsupported('Ultralytics results CSV')
      : null;
  }
};

/** YOLO run settings: `args.yaml` (task, mode, model), YOLOv5 `opt.yaml` and `hyp.yaml`. */
const ultralyticsSettings: Recogniser = {
  id: 'ultralytics-settings',
  recognise(f) {
    if (!f.text || !/^\.ya?ml$/.test(extOf(f.name))) return null;
    const k = yamlTopKeys(f.text);
    const args = k.has('task') && k.has('mode') && k.has('model');
    const opt = k.has('weights') && k.has('cfg') && k.has('hyp');
    const hyp = k.has('lr0') && k.has('lrf') && k.has('momentum');
    return args || opt || hyp ? unsupported('Ultralytics YOLO settings file') : null;
  }
};

/** PyTorch Lightning's CSVLogger `metrics.csv`: a `step` column next to `epoch` (either order). */
const lightningMetrics: Recogniser = {
  id: 'lightning-metrics',
  recognise(f) {
    const cells = cellsOf(f, ',');
    if (!cells?.includes('step')) return null;
    return cells.includes('epoch') || f.name === 'metrics.csv'
      ? unsupported('Lightning CSV log')
      : null;
  }
};

/** Lightning's `hparams.yaml` beside a logger's files (it may be `{}`, or need an unsafe loader). */
const lightningHparams: Recogniser = {
  id: 'lightning-hparams',
  recognise: (f) => (f.name === 'hparams.yaml' ? unsupported('Lightning hparams file') : null)
};

const KERAS_COLUMN = /^(val_)?(loss|acc|accuracy|lr|learning_rate)$/;

/**
 * Keras `CSVLogger` (`epoch,acc,loss`) and `pd.DataFrame(history.history).to_csv()` (an unnamed
 * index column first): loss or accuracy columns and no step column.
 */
const kerasCsv: Recogniser = {
  id: 'keras-csv',
  recognise(f) {
    const cells = cellsOf(f, ',');
    if (!cells || cells.includes('step')) return null;
    const first = cells[0] === 'epoch' || cells[0] === '';
    return first && cells.some((c) => KERAS_COLUMN.test(c))
      ? unsupported('Keras training log')
      : null;
  }
};

/** Hugging Face Trainer's `trainer_state.json` (log_history) and `*_results.json`. */
const huggingFaceTrainer: Recogniser = {
  id: 'hf-trainer',
  recognise(f) {
    if (!f.text || !looksLikeJsonObject(f.text)) return null;
    if (mentionsKeys(f.text, 'log_history') && mentionsKeys(f.text, 'global_step'))
      return unsupported('Hugging Face Trainer state');
    return /^(all|train|eval|test|predict)_results\.json$/.test(f.name)
      ? unsupported('Hugging Face Trainer results file')
      : null;
  }
};

/** LLaMA-Factory's `trainer_log.jsonl`: one line per logging step. */
const llamaFactoryLog: Recogniser = {
  id: 'llama-factory-log',
  recognise: (f) =>
    f.text && mentionsKeys(firstLine(f.text), 'current_steps', 'total_steps')
      ? unsupported('LLaMA-Factory training log')
      : null
};

/** Inside a dvclive output folder, or dvclive 0.x's summary beside it. */
function inDvclive(f: FileFacts): boolean {
  return f.dirs.includes('dvclive') || f.name === 'dvclive.json';
}

/** DVC's pipeline (`dvc.yaml`, `dvc.lock`) and the `params.yaml` it tracks. */
const dvcProject: Recogniser = {
  id: 'dvc-project',
  recognise(f) {
    if (f.name === 'dvc.yaml' || f.name === 'dvc.lock') return unsupported('DVC pipeline file');
    const tracked = f.hasSibling('dvc.yaml') || f.hasSibling('dvc.lock') || inDvclive(f);
    return f.name === 'params.yaml' && tracked ? unsupported('DVC params file') : null;
  }
};

/** CatBoost's `catboost_info/`: `catboost_training.json` and `iter`-first TSV logs. */
const catboostLog: Recogniser = {
  id: 'catboost-log',
  recognise(f) {
    const json = f.text !== null && mentionsKeys(f.text, 'meta', 'iterations', 'learn_sets');
    const tsv = cellsOf(f, '\t')?.[0] === 'iter';
    return json || tsv ? unsupported('CatBoost training log') : null;
  }
};

/** Framework training logs; Ultralytics before Keras and Lightning (its CSV has `epoch` too). */
export const TRAINING_LOG_RECOGNISERS: readonly Recogniser[] = [
  ultralyticsResults,
  ultralyticsSettings,
  lightningMetrics,
  lightningHparams,
  kerasCsv,
  huggingFaceTrainer,
  llamaFactoryLog,
  dvcProject,
  catboostLog
];
