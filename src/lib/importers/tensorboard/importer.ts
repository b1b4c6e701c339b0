/**
 * TensorBoard event files (`../shared/FORMATS.md` §5; sources at the top of each file here):
 * a folder importer for run folders, and a file importer for an event file dropped on its own
 * (found by content: its first record's length checksum holds).
 */
import type { Experiment, ImportedBatch } from '../../model';
import { ImportCancelled, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type {
  FolderClaim,
  FolderImporter,
  FolderResult,
  ImportContext,
  Importer
} from '../importer';
import { startsWithTfRecord } from '../readers/tfrecord';
import type { ImportSource } from '../source';
import { readEventFile } from './event-file';
import { paramsFromHparamsYaml } from './hparams-yaml';
import { RunBuilder } from './run-builder';
import {
  claimRunFolders,
  isEventFileName,
  keyPrefix,
  nameRunFolder,
  profilerOwner
} from './run-folders';
import { TagTable } from './tag-table';

export const TENSORBOARD_ID = 'tensorboard';

const PROFILER_REASON = 'TensorBoard profiler data: not run data';

function experimentOf(id: string, name: string): Experiment {
  return { id, name, deleted: false, tags: new Map() };
}

function sortByPath(a: ImportSource, b: ImportSource): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Lightning's hparams.yaml of the run folder, when the event files gave no params. */
async function yamlParams(
  claim: FolderClaim,
  ctx: ImportContext
): Promise<Map<string, string> | null> {
  const yaml = claim.files.find((f) => f.path === joinPath(claim.root, 'hparams.yaml'));
  if (!yaml) return null;
  const params = paramsFromHparamsYaml(await yaml.text());
  if (params === null)
    ctx.warn({ file: yaml.path, message: 'is not a YAML map of params; left out' });
  return params;
}

async function parseRunFolder(
  claim: FolderClaim,
  _tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const empty: ImportedBatch = { experiments: [], runs: [] };
  const events: ImportSource[] = [];
  for (const f of claim.files) {
    if (profilerOwner(f.path) !== null) ctx.skip(f.path, PROFILER_REASON);
    else if (isEventFileName(nameOf(f.path))) events.push(f);
  }
  if (events.length === 0) return { batch: empty, problems };
  events.sort(sortByPath);
  const run = new RunBuilder();
  const tables = new Map<string, TagTable>();
  let read = 0;
  for (const f of events) {
    ctx.checkCancelled();
    const dir = parentOf(f.path);
    let tags = tables.get(dir);
    if (!tags) tables.set(dir, (tags = new TagTable()));
    const mark = run.mark();
    try {
      // Read past the shared cache: the bytes are dropped as soon as the file is decoded.
      const bytes = await f.file.read();
      readEventFile(bytes, f.path, { run, tags, prefix: keyPrefix(claim.root, dir) }, ctx);
      read++;
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      run.rollback(mark);
      problems.push(toFileError(f.path, error));
    }
  }
  if (read === 0) return { batch: empty, problems };
  for (const tags of tables.values()) run.count('tensor', tags.unresolved());
  const naming = nameRunFolder(claim.root);
  const fallback = run.hasParams ? null : await yamlParams(claim, ctx);
  for (const message of run.unsupportedMessages()) ctx.warn({ file: claim.root, message });
  const built = run.build(
    {
      id: naming.runId,
      name: naming.runId,
      experimentId: naming.experimentId,
      format: TENSORBOARD_ID,
      file: claim.root
    },
    fallback
  );
  return {
    batch: {
      experiments: [experimentOf(naming.experimentId, naming.experimentName)],
      runs: [built]
    },
    problems
  };
}

/** Run folders of TensorBoard event files (and their train/validation folders). */
export const tensorboardFolderImporter: FolderImporter = {
  id: TENSORBOARD_ID,
  label: 'TensorBoard run folders',
  claim: (tree) => Promise.resolve(claimRunFolders(tree)),
  parseFolder: parseRunFolder
};

/**
 * One event file on its own (dropped alone, or under no run folder): run "." of an experiment
 * named after the file, since nothing else names it.
 */
export const tensorboardFileImporter: Importer = {
  id: TENSORBOARD_ID,
  label: 'TensorBoard event files',
  extensions: [],
  async sniff(source) {
    if (source.baseName.endsWith('.profile-empty')) return null;
    // A 32-bit checksum of the first 8 bytes: as good as a magic number.
    return startsWithTfRecord(await source.head()) ? 0.9 : null;
  },
  async parse(source, ctx) {
    const run = new RunBuilder();
    const tags = new TagTable();
    readEventFile(await source.bytes(), source.path, { run, tags, prefix: '' }, ctx);
    run.count('tensor', tags.unresolved());
    for (const message of run.unsupportedMessages()) ctx.warn({ file: source.path, message });
    const name = nameOf(source.path);
    return {
      experiments: [experimentOf(source.path, name)],
      runs: [
        run.build(
          {
            id: '.',
            name: '.',
            experimentId: source.path,
            format: TENSORBOARD_ID,
            file: source.path
          },
          null
        )
      ]
    };
  }
};
