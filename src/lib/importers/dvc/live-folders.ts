/**
 * Which dropped folders are dvclive output folders, of every generation (../shared/FORMATS.md §7,
 * from iterative/dvclive, read 2026-11):
 * - 1.0 and later (Nov 2022 on): `<dir>/metrics.json`, `<dir>/params.yaml`, histories under
 *   `<dir>/plots/metrics/**.tsv` named by their path (`train/loss`), optional `dvc.yaml`,
 *   `report.html`/`report.md`, `plots/images/`, `artifacts/`.
 * - 0.x: the summary is a sibling `<dir>.json`; histories are `<dir>/scalars/**.tsv` or, earlier,
 *   `<dir>/**.tsv`, with the header `timestamp<TAB>step<TAB><full metric name>`.
 * A folder is found by its histories' headers, not its name (`Live("results")` is common), or,
 * when it logged no history, by the name `dvclive` with a metrics.json or params.yaml in it. The
 * project around it (the folder holding it) gives the run its `params.yaml` when dvclive wrote
 * none (0.x never did), and its `dvc.yaml`/`dvc.lock` are owned so they are skipped with a reason.
 */
import { joinPath, nameOf, parentOf } from '../file-tree';
import type { ImportSource } from '../source';
import { historyHeader } from './history-tsv';

export interface LiveFolder {
  /** The dvclive folder as dropped (`project/dvclive`). */
  dir: string;
  /** What the claim is rooted at: the dvclive folder, or its project when files there belong to it. */
  root: string;
  /** Folders whose `.tsv` files are histories named by their path below it. */
  historyRoots: string[];
  /** metrics.json (1.x+) or the sibling `<dir>.json` (0.x). */
  summary: ImportSource | null;
  /** The folder's own params.yaml, else the project's. */
  params: ImportSource | null;
  /** The project's dvc.yaml and dvc.lock. */
  pipeline: ImportSource[];
  /** 1.x and later keep histories in plots/metrics; 0.x wrote them in the folder or scalars/. */
  generation: '0.x' | '1.x+';
  /** Every file the folder owns. */
  files: ImportSource[];
}

const PLOTS = 'plots/metrics';

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/**
 * The dvclive folder and history root a `.tsv` file belongs to, from its path and header, or null
 * when it is not a dvclive history.
 */
async function historyPlace(source: ImportSource): Promise<{ dir: string; root: string } | null> {
  const path = source.path;
  if (!path.toLowerCase().endsWith('.tsv')) return null;
  const header = historyHeader(firstLine(await source.headText()).replace(/^\uFEFF/, ''));
  if (!header) return null;
  const at = path.startsWith(`${PLOTS}/`) ? 0 : path.indexOf(`/${PLOTS}/`);
  if (at > 0) return { dir: path.slice(0, at), root: `${path.slice(0, at)}/${PLOTS}` };
  if (!header.timestamps) return null;
  // 0.x: the value column is the full metric name, so the file sits at `<root>/<name>.tsv`.
  const suffix = `/${header.value}.tsv`;
  if (!path.endsWith(suffix)) return null;
  const root = path.slice(0, -suffix.length);
  if (root === '') return null;
  const dir = nameOf(root) === 'scalars' && root.includes('/') ? parentOf(root) : root;
  return { dir, root };
}

/** Finds every dvclive folder among the files (below the top level: a folder was dropped). */
export async function findLiveFolders(sources: readonly ImportSource[]): Promise<LiveFolder[]> {
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const roots = new Map<string, Set<string>>();
  for (const source of sources) {
    const place = await historyPlace(source);
    if (!place) continue;
    const set = roots.get(place.dir) ?? new Set<string>();
    set.add(place.root);
    roots.set(place.dir, set);
  }
  // A folder called dvclive that logged only a summary or params.
  for (const source of sources) {
    const dir = parentOf(source.path);
    const name = nameOf(source.path);
    if (nameOf(dir) === 'dvclive' && (name === 'metrics.json' || name === 'params.yaml')) {
      if (!roots.has(dir)) roots.set(dir, new Set([`${dir}/${PLOTS}`]));
    }
  }
  const dirs = [...roots.keys()].filter((d) => d !== '').sort();
  // A dvclive folder inside another one (an artifact that is itself dvclive output) stays its own.
  const perProject = new Map<string, number>();
  for (const dir of dirs) perProject.set(parentOf(dir), (perProject.get(parentOf(dir)) ?? 0) + 1);
  return dirs.map((dir) => {
    const project = parentOf(dir);
    const nested = dirs.filter((d) => d !== dir && d.startsWith(`${dir}/`));
    const under = sources.filter(
      (s) => s.path.startsWith(`${dir}/`) && !nested.some((d) => s.path.startsWith(`${d}/`))
    );
    const inside = (name: string) => byPath.get(joinPath(dir, name)) ?? null;
    const outside = (name: string) => byPath.get(joinPath(project, name)) ?? null;
    const sibling = inside('metrics.json') ? null : outside(`${nameOf(dir)}.json`);
    const own = perProject.get(project) === 1;
    const projectParams = own && !inside('params.yaml') ? outside('params.yaml') : null;
    const pipeline = own
      ? [outside('dvc.yaml'), outside('dvc.lock')].filter((s) => s !== null)
      : [];
    const extra = [sibling, projectParams, ...pipeline].filter((s) => s !== null);
    const historyRoots = [...roots.get(dir)!].sort();
    return {
      dir,
      generation: historyRoots.some((h) => h.endsWith(`/${PLOTS}`)) ? '1.x+' : '0.x',
      root: extra.length > 0 && project !== '' ? project : dir,
      historyRoots,
      summary: inside('metrics.json') ?? sibling,
      params: inside('params.yaml') ?? projectParams,
      pipeline,
      files: [...under, ...extra]
    };
  });
}
