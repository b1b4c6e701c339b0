/**
 * What the Reproduce panel shows of a run: its code, data, environment and models as labelled
 * facts, a reason for every empty section, and one copyable block with everything needed to run
 * it again. Only what the export states goes in: no command is made up where the export has none,
 * no package is pinned that no file pins.
 */
import type { CodePatch, Provenance } from '../model';
import { describeChange } from './rules/git-patch';

export interface Fact {
  label: string;
  value: string;
  /** Shown in a monospace face (commits, paths, commands). */
  code?: boolean;
  /** Items shown one per line under the label, full width (a patch's changed files). */
  list?: string[];
}

export interface ReproduceSection {
  id: 'code' | 'data' | 'environment' | 'models';
  title: string;
  facts: Fact[];
  /** Why the section is empty, in words a person understands; null when it has facts. */
  empty: string | null;
  /** Where the facts were read (tags, files). */
  from: string[];
}

export interface ReproducePlan {
  sections: ReproduceSection[];
  /** Shell lines to run it again (comments say what the export does not). */
  script: string;
}

/** A word for a shell (quoted when it holds anything special). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The folder `git clone` makes of a repository URL. */
function cloneFolder(url: string): string {
  const last = url.replace(/\/+$/, '').split(/[/:]/).pop() ?? 'repo';
  return last.replace(/\.git$/, '') || 'repo';
}

/** Past this many files a patch's list ends in "… and N more". */
const LISTED_FILES = 20;

/** `a.py (+2 −1)`, `b.bin (binary)`, …, `… and N more`: what a saved patch changes. */
export function patchItems(patch: CodePatch): string[] {
  const n = patch.files.length;
  const listed = patch.files.slice(0, LISTED_FILES).map((f) => `${f.path} (${describeChange(f)})`);
  return n > LISTED_FILES ? [...listed, `… and ${n - LISTED_FILES} more`] : listed;
}

function patchFact(patch: CodePatch): Fact {
  const n = patch.files.length;
  return {
    label:
      patch.base === null
        ? 'Uncommitted changes'
        : `Changes since upstream ${patch.base.slice(0, 8)}`,
    value:
      n === 0
        ? `${patch.file} names no file`
        : `${n} ${n === 1 ? 'file' : 'files'} (${patch.file})`,
    code: true,
    list: patchItems(patch)
  };
}

function codeSection(p: Provenance | null): ReproduceSection {
  const c = p?.code ?? null;
  const facts: Fact[] = [];
  if (c?.repository) facts.push({ label: 'Repository', value: c.repository, code: true });
  if (c?.commit) facts.push({ label: 'Commit', value: c.commit, code: true });
  if (c?.branch) facts.push({ label: 'Branch', value: c.branch, code: true });
  if (c?.dirty !== null && c?.dirty !== undefined)
    facts.push({ label: 'Working tree', value: c.dirty ? 'had uncommitted changes' : 'clean' });
  if (c?.entryPoint) facts.push({ label: 'Entry point', value: c.entryPoint, code: true });
  if (c?.sourceType) facts.push({ label: 'Source type', value: c.sourceType });
  if (c?.command) facts.push({ label: 'Command', value: c.command, code: true });
  for (const patch of c?.patches ?? []) facts.push(patchFact(patch));
  return {
    id: 'code',
    title: 'Code',
    facts,
    empty:
      facts.length > 0 ? null : 'This export has no git information or entry point for the run.',
    from: c?.from ?? []
  };
}

function dataSection(p: Provenance | null): ReproduceSection {
  const facts = (p?.data ?? []).map((d) => ({
    label: d.context ? `${d.name} (${d.context})` : d.name,
    value: [
      d.digest ? `digest ${d.digest}` : 'no digest',
      d.sourceType ? `type ${d.sourceType}` : null,
      d.source && d.source.length <= 300 ? `source ${d.source}` : null
    ]
      .filter(Boolean)
      .join(' · ')
  }));
  return {
    id: 'data',
    title: 'Data',
    facts,
    empty: facts.length > 0 ? null : 'This export lists no dataset inputs for the run.',
    from: [...new Set((p?.data ?? []).map((d) => d.from))]
  };
}

function environmentSection(p: Provenance | null): ReproduceSection {
  const e = p?.environment ?? null;
  const facts: Fact[] = [];
  if (e?.python) facts.push({ label: 'Python', value: e.python });
  if (e?.os) facts.push({ label: 'OS', value: e.os });
  if (e?.host) facts.push({ label: 'Host', value: e.host });
  if (e?.hardware) facts.push({ label: 'Hardware', value: e.hardware });
  if (e && e.packages.length === 0) {
    facts.push({
      label: 'Packages',
      value: 'none listed (no requirements or conda file in the export)'
    });
  } else if (e) {
    facts.push({
      label: `Packages (${e.packages.length})`,
      value: e.packages.map((x) => `${x.name}${x.spec}`).join(' '),
      code: true
    });
  }
  return {
    id: 'environment',
    title: 'Environment',
    facts,
    empty:
      facts.length > 0
        ? null
        : 'This export has no Python, package or machine information (no requirements, conda or metadata file).',
    from: e?.from ?? []
  };
}

function modelsSection(p: Provenance | null): ReproduceSection {
  const facts = (p?.models ?? []).map((m) => ({
    label: m.name ?? m.artifactPath ?? 'model',
    value: [
      m.id,
      m.artifactPath && m.name ? `artifacts/${m.artifactPath}` : null,
      m.flavors.length > 0 ? m.flavors.join(', ') : null,
      m.step !== null ? `step ${m.step}` : null,
      m.mlflowVersion ? `MLflow ${m.mlflowVersion}` : null
    ]
      .filter(Boolean)
      .join(' · '),
    code: false
  }));
  return {
    id: 'models',
    title: 'Models',
    facts,
    empty: facts.length > 0 ? null : 'This export lists no model logged by the run.',
    from: [...new Set((p?.models ?? []).map((m) => m.from))]
  };
}

/** The copyable block: clone and check out, install, run, each only where the export says how. */
function scriptOf(p: Provenance | null): string {
  const lines: string[] = [];
  const c = p?.code ?? null;
  if (c?.repository) {
    lines.push(
      `git clone ${shellWord(c.repository)}`,
      `cd ${shellWord(cloneFolder(c.repository))}`
    );
  } else if (c?.commit) {
    lines.push('# the export names no repository: run this inside a clone of the code');
  }
  if (c?.commit) lines.push(`git checkout ${shellWord(c.commit)}`);
  else if (c?.branch) lines.push(`git checkout ${shellWord(c.branch)}`);
  const local = c?.patches?.find((x) => x.base === null);
  if (local) {
    const n = local.files.length;
    lines.push(
      `# the run had uncommitted changes in ${n} ${n === 1 ? 'file' : 'files'}: the commit alone is not what ran;`,
      `# apply the patch saved with the run (its artifact ${local.file}) with: git apply ${shellWord(local.file)}`
    );
  } else if (c?.dirty) {
    lines.push('# the run had uncommitted changes: the commit alone is not what ran');
  }
  const e = p?.environment ?? null;
  if (e?.python) lines.push(`# Python ${e.python}`);
  if (e && e.packages.length > 0) {
    lines.push(`pip install ${e.packages.map((x) => shellWord(`${x.name}${x.spec}`)).join(' ')}`);
  }
  for (const d of p?.data ?? []) {
    lines.push(`# data: ${d.name}${d.digest ? ` (digest ${d.digest})` : ''}`);
  }
  if (c?.command) lines.push(c.command);
  else if (c?.entryPoint)
    lines.push(`# entry point: ${c.entryPoint} (the export has no command line)`);
  if (lines.length === 0) return '# this export says nothing about how the run was made';
  return lines.join('\n');
}

/** Sections and script for the Reproduce panel. */
export function reproducePlan(p: Provenance | null): ReproducePlan {
  return {
    sections: [codeSection(p), dataSection(p), environmentSection(p), modelsSection(p)],
    script: scriptOf(p)
  };
}
