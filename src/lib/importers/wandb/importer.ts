/**
 * Weights & Biases local runs (../shared/FORMATS.md §6; sources at the top of each file here):
 * a folder importer for `wandb/` folders and run folders of every generation (0.8 to 0.21), and
 * a file importer for a `.wandb` transaction log dropped on its own (found by its header).
 */
import { ImportCancelled, toFileError, type FileError } from '../errors';
import { FileTree, joinPath, nameOf, parentOf } from '../file-tree';
import { readFolderArtifacts } from '../folder-artifacts';
import type { FolderImporter, FolderResult, ImportContext, Importer } from '../importer';
import type { ImportSource } from '../source';
import { buildRun, WANDB_ID, type BuiltRun, type RunSources } from './build-run';
import { readConfigYaml } from './config';
import { readTransactionLog } from './read-log';
import { findWandbClaims, toFolderClaim, type RunFolder, type WandbClaim } from './run-folders';
import { readEventsJsonl, readHistoryJsonl, readJsonObject, readMetadata } from './run-files';
import { RunLog } from './run-log';
import { fileSummary } from './summary';
import { startsWithWandbHeader, WANDB_HEADER_BYTES } from './transaction-log';

const DEBUG_LOG = 'W&B debug log: not run data';

/** Why a file of a run folder that is not read is left out, or null when it is an artifact. */
function skipReason(relative: string, flat: boolean): string | null {
  if (relative.startsWith('logs/') || /^(wandb-)?debug(-internal)?\.log$/.test(relative))
    return DEBUG_LOG;
  if (relative.startsWith('tmp/')) return 'W&B temporary file: not run data';
  if (relative.endsWith('.wandb.synced')) return 'W&B sync marker: not run data';
  if (!flat && !relative.startsWith('files/')) return 'file beside a W&B run: not a W&B run file';
  return null;
}

interface Reading {
  tree: FileTree;
  ctx: ImportContext;
  problems: FileError[];
}

/** Runs `read`, turning a broken file into a problem so the rest of the run still imports. */
async function tolerate<T>(r: Reading, file: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ImportCancelled) throw error;
    r.problems.push(toFileError(file, error));
    return null;
  }
}

/** The log of a run folder into `log`; false when there is none (or it could not be read). */
async function readLog(r: Reading, folder: RunFolder, log: RunLog): Promise<boolean> {
  const [main, ...extra] = [...folder.logs].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const f of extra)
    r.ctx.skip(
      f.path,
      'second W&B transaction log: a run folder holds one; the first by name is read'
    );
  if (!main) return false;
  const read = await tolerate(r, main.path, async () => {
    const bytes = await main.bytes();
    if (bytes.length === 0) {
      r.ctx.warn({
        file: main.path,
        message: 'is empty: the run was stopped before it wrote a record'
      });
      return true;
    }
    readTransactionLog(bytes, main.path, log, r.ctx);
    return true;
  });
  return read === true;
}

async function readRunFolder(
  r: Reading,
  claim: WandbClaim,
  folder: RunFolder,
  shared: {
    settingsProject: string;
    sweeps: Map<string, { id: string; config: Map<string, unknown> }>;
  }
): Promise<BuiltRun> {
  const { tree, ctx } = r;
  const flat = folder.layout === 'flat';
  const jsonDir = flat ? folder.dir : joinPath(folder.dir, 'files');
  const log = new RunLog();
  const hasLog = await readLog(r, folder, log);
  const read = new Set(folder.logs.map((f) => f.path));
  const at = (name: string) => tree.get(joinPath(jsonDir, name));
  const text = async (name: string) => {
    const source = at(name);
    if (!source) return null;
    read.add(source.path);
    return { path: source.path, text: await source.text() };
  };
  const configFile = await text('config.yaml');
  const config =
    configFile &&
    (await tolerate(r, configFile.path, async () =>
      readConfigYaml(configFile.path, configFile.text)
    ));
  const summaryText = await text('wandb-summary.json');
  const summaryFile =
    summaryText &&
    (await tolerate(r, summaryText.path, async () =>
      fileSummary(readJsonObject(summaryText.path, summaryText.text))
    ));
  const metadataText = await text('wandb-metadata.json');
  const metadata =
    metadataText &&
    (await tolerate(r, metadataText.path, async () =>
      readMetadata(metadataText.path, metadataText.text)
    ));
  for (const name of ['wandb-history.jsonl', 'wandb-events.jsonl']) {
    const source = at(name);
    if (!source) continue;
    read.add(source.path);
    if (hasLog) {
      ctx.skip(source.path, 'W&B history file: the transaction log beside it holds the same rows');
      continue;
    }
    const content = await source.text();
    if (name === 'wandb-history.jsonl') readHistoryJsonl(source.path, content, log, ctx);
    else readEventsJsonl(source.path, content, log, ctx);
  }
  const owned = new Set(folder.files.map((f) => f.path));
  for (const f of folder.files) {
    const relative = f.path.slice(folder.dir.length + 1);
    const reason = read.has(f.path) ? null : skipReason(relative, flat);
    if (reason) {
      ctx.skip(f.path, reason);
      read.add(f.path);
    }
  }
  const artifacts = await readFolderArtifacts(tree, jsonDir, (relative) => {
    const path = joinPath(jsonDir, relative);
    return !owned.has(path) || read.has(path);
  });
  const runId = /^(?:offline-run|run|dryrun)-\d{8}_\d{6}-(.+)$/.exec(nameOf(folder.dir))?.[1];
  const sources: RunSources = {
    where: folder.dir,
    folderName: nameOf(folder.dir),
    log,
    hasLog,
    flat,
    config: config ?? null,
    summaryFile: summaryFile ?? null,
    metadata: metadata ?? null,
    sweep: shared.sweeps.get(log.run.runId || runId || '') ?? null,
    settingsProject: shared.settingsProject,
    artifacts,
    fallbackExperiment: fallbackExperiment(claim),
    file: folder.logs[0]?.path ?? folder.dir
  };
  return buildRun(sources, ctx);
}

/** The experiment of runs no file names a project for: the folder holding them. */
function fallbackExperiment(claim: WandbClaim): { id: string; name: string } {
  const root = claim.root;
  const parent = parentOf(root);
  const holder =
    (nameOf(root) === 'wandb' || nameOf(root) === '.wandb') && parent !== '' ? parent : root;
  return { id: root, name: nameOf(holder) };
}

/** `project = …` of a `wandb/settings` INI file. */
function settingsProject(text: string): string {
  return /^\s*project\s*=\s*(.*?)\s*$/m.exec(text)?.[1] ?? '';
}

/** The sweep configs of a claim by run id; files that are not are skipped with a reason. */
async function readSweeps(r: Reading, claim: WandbClaim, runIds: Set<string>) {
  const out = new Map<string, { id: string; config: Map<string, unknown> }>();
  for (const [id, files] of claim.sweeps) {
    for (const f of files) {
      const m = /^config-(.+)\.yaml$/.exec(nameOf(f.path));
      if (!m || parentOf(f.path) !== joinPath(claim.root, `sweep-${id}`)) {
        r.ctx.skip(f.path, 'W&B sweep file: not run data');
        continue;
      }
      if (!runIds.has(m[1]!)) {
        r.ctx.skip(f.path, 'W&B sweep config: its run is not among the dropped runs');
        continue;
      }
      const config = await tolerate(r, f.path, async () => readConfigYaml(f.path, await f.text()));
      if (config) out.set(m[1]!, { id, config });
    }
  }
  return out;
}

async function parseWandbClaim(
  claim: { root: string; files: ImportSource[] },
  _tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const tree = new FileTree(claim.files);
  const found = (await findWandbClaims(tree)).find((c) => c.root === claim.root);
  const batch: FolderResult['batch'] = { experiments: [], runs: [] };
  if (!found) return { batch, problems };
  const r: Reading = { tree, ctx, problems };
  let project = '';
  for (const f of found.extras) {
    if (nameOf(f.path) === 'settings') project = settingsProject(await f.text());
    else ctx.skip(f.path, DEBUG_LOG);
  }
  for (const f of found.linkCopies)
    ctx.skip(f.path, 'W&B latest-run link: a copy of a run folder read under its own name');
  const runIds = new Set(found.runs.map((run) => /-([^-]+)$/.exec(nameOf(run.dir))?.[1] ?? ''));
  const sweeps = await readSweeps(r, found, runIds);
  const seen = new Set<string>();
  for (const folder of found.runs) {
    ctx.checkCancelled();
    const built = await tolerate(r, folder.dir, () =>
      readRunFolder(r, found, folder, { settingsProject: project, sweeps })
    );
    if (!built) continue;
    const { run, experiment } = built;
    if (seen.has(`${run.experimentId}\u0000${run.id}`)) {
      ctx.warn({
        file: folder.dir,
        message: `run ${run.id} is also in another folder (a resumed run?): read as run "${run.id} (${nameOf(folder.dir)})"`
      });
      run.id = `${run.id} (${nameOf(folder.dir)})`;
    }
    seen.add(`${run.experimentId}\u0000${run.id}`);
    batch.runs.push(run);
    if (!batch.experiments.some((e) => e.id === experiment.id))
      batch.experiments.push({ ...experiment, deleted: false, tags: new Map() });
  }
  return { batch, problems };
}

/** W&B run folders (`wandb/run-*`, `offline-run-*`, 0.8's `run-*` and `dryrun-*`). */
export const wandbFolderImporter: FolderImporter = {
  id: WANDB_ID,
  label: 'W&B run folders',
  claim: async (tree) => (await findWandbClaims(tree)).map(toFolderClaim),
  parseFolder: parseWandbClaim
};

/** A `.wandb` transaction log on its own: one run, named by its run record. */
export const wandbLogImporter: Importer = {
  id: WANDB_ID,
  label: 'W&B transaction logs',
  extensions: ['.wandb'],
  async sniff(source) {
    const head = await source.head();
    // 48 bits of magic and a version byte: as good as a checksum.
    return head.length >= WANDB_HEADER_BYTES && startsWithWandbHeader(head) ? 0.95 : null;
  },
  async parse(source, ctx) {
    const log = new RunLog();
    readTransactionLog(await source.bytes(), source.path, log, ctx);
    if (log.run.runId === '')
      log.run.runId = /^run-(.+)\.wandb$/.exec(nameOf(source.path))?.[1] ?? '';
    const { run, experiment } = buildRun(
      {
        where: source.path,
        folderName: '',
        log,
        hasLog: true,
        flat: false,
        config: null,
        summaryFile: null,
        metadata: null,
        sweep: null,
        settingsProject: '',
        artifacts: [],
        fallbackExperiment: { id: source.path, name: nameOf(source.path) },
        file: source.path
      },
      ctx
    );
    return { experiments: [{ ...experiment, deleted: false, tags: new Map() }], runs: [run] };
  }
};
