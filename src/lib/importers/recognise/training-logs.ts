/**
 * Training logs that frameworks write next to a run (CSV, TSV, JSON, YAML) in formats Runlens
 * cannot read yet: LLaMA-Factory's log on its own (beside a trainer_state.json the Hugging Face
 * Trainer importer reads it), DVC projects, CatBoost. Recognised by their header or keys, the file
 * name only breaking ties, as seen in ../shared/fixtures/real (SOURCES.md §6, 9-12, 15; 2026).
 */
import {
  firstLine,
  headerCells,
  mentionsKeys,
  unsupported,
  type FileFacts,
  type Recogniser
} from './recogniser';

/** Header cells of a comma- or tab-separated head, or null. */
function cellsOf(f: FileFacts, delimiter: ',' | '\t'): string[] | null {
  if (!f.text) return null;
  const header = headerCells(f.text);
  return header && header.delimiter === delimiter ? header.cells : null;
}

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

/** Framework training logs. */
export const TRAINING_LOG_RECOGNISERS: readonly Recogniser[] = [
  llamaFactoryLog,
  dvcProject,
  catboostLog
];
