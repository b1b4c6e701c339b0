// W&B's saved git patches (files/diff.patch, diff_<commit>.patch) read for the files they change,
// on runs the real wandb wrote (tests/fixtures/generated/wandb-diff-patch), checked against what
// `git diff --numstat` said of the same working trees.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangedFile, Run } from '../../src/lib/model';
import { diffRuns } from '../../src/lib/provenance/diff';
import { reproducePlan } from '../../src/lib/provenance/reproduce';
import {
  describeChange,
  gitPatchBase,
  parseGitPatch
} from '../../src/lib/provenance/rules/git-patch';
import { JsonReader } from '../../src/lib/importers/readers/json-reader';
import { provenanceToJson, readProvenanceJson } from '../../src/lib/provenance/wire';
import { importFromDisk } from './helpers/real-fixtures';

const SET = 'tests/fixtures/generated/wandb-diff-patch';
const RUNS = join(SET, 'wandb/wandb');

type NumstatRow = [string, string, string, string | null];
const numstat = JSON.parse(readFileSync(join(SET, 'numstat.json'), 'utf8')) as Record<
  string,
  NumstatRow[]
>;

/** git's numstat rows as the rule's ChangedFile (`-` counts: a binary file). */
function fromNumstat(rows: NumstatRow[]): ChangedFile[] {
  return rows.map(([added, removed, path, previous]) => ({
    path,
    previous,
    added: added === '-' ? null : Number(added),
    removed: removed === '-' ? null : Number(removed)
  }));
}

function runFolder(id: string): string {
  const name = readdirSync(RUNS).find((d) => d.endsWith(`-${id}`))!;
  return join(RUNS, name);
}

function patchText(id: string, file: string): string {
  return readFileSync(join(runFolder(id), 'files', file), 'utf8');
}

async function importRuns(): Promise<Map<string, Run>> {
  const result = await importFromDisk(['wandb'], join(SET, 'wandb'));
  return new Map(result.batches.flatMap((b) => b.runs).map((r) => [r.id, r]));
}

describe('git patch rule', () => {
  it("lists the files of wandb's diff.patch as git diff --numstat does (run A)", () => {
    expect(parseGitPatch(patchText('patcha', 'diff.patch'))).toEqual(fromNumstat(numstat.patcha!));
  });

  it('reads new files, spaces, quoted names and binary files the same way (run B)', () => {
    expect(parseGitPatch(patchText('patchb', 'diff.patch'))).toEqual(fromNumstat(numstat.patchb!));
  });

  it('reads the patch against the upstream commit, whose counts differ', () => {
    const file = readdirSync(join(runFolder('patcha'), 'files')).find((f) =>
      /^diff_[0-9a-f]+\.patch$/.test(f)
    )!;
    expect(gitPatchBase(file)?.base).toBe(file.slice(5, -6));
    expect(parseGitPatch(patchText('patcha', file))).toEqual(fromNumstat(numstat['patcha@{u}']!));
  });

  it("passes over git's warnings and cut-short hunks without miscounting", () => {
    const text = [
      "warning: in the working copy of 'a.py', LF will be replaced by CRLF the next time Git touches it",
      'diff --git a/a.py b/a.py',
      '--- a/a.py',
      '+++ b/a.py',
      '@@ -1,3 +1,3 @@',
      ' x',
      '--- not a header: a removed line that began with two dashes',
      '+++ not a header either',
      ' z',
      'diff --git a/b.py b/b.py',
      '--- a/b.py',
      '+++ b/b.py',
      '@@ -1,5 +1,5 @@',
      '-cut'
    ].join('\n');
    expect(parseGitPatch(text)).toEqual([
      { path: 'a.py', previous: null, added: 1, removed: 1 },
      { path: 'b.py', previous: null, added: 0, removed: 1 }
    ]);
    expect(parseGitPatch('<script>alert(1)</script>')).toEqual([]);
  });

  it('only takes W&B patch names', () => {
    expect(gitPatchBase('diff.patch')).toEqual({ base: null });
    expect(gitPatchBase('upstream_diff_0123abcd.patch')).toEqual({ base: '0123abcd' });
    expect(gitPatchBase('code/diff.patch')).toBeNull();
    expect(gitPatchBase('my.patch')).toBeNull();
  });
});

describe('a W&B run with saved patches', () => {
  it('has the changed files in its provenance and the Reproduce panel', async () => {
    const run = (await importRuns()).get('patcha')!;
    const patches = run.provenance?.code?.patches ?? [];
    expect(
      patches.map((p) => [p.file.replace(/[0-9a-f]{40}/, 'SHA'), p.base?.length ?? null])
    ).toEqual([
      ['diff.patch', null],
      ['diff_SHA.patch', 40]
    ]);
    expect(patches[0]!.files).toEqual(fromNumstat(numstat.patcha!));
    const plan = reproducePlan(run.provenance ?? null);
    const facts = plan.sections.find((s) => s.id === 'code')!.facts;
    const uncommitted = facts.find((f) => f.label === 'Uncommitted changes')!;
    expect(uncommitted.value).toBe('8 files (diff.patch)');
    expect(uncommitted.list?.slice(0, 2)).toEqual(['data loader.py (+2 −1)', 'empty.txt (+0 −0)']);
    expect(uncommitted.list).toContain('new_name.py (renamed from old_name.py, +0 −0)');
    expect(uncommitted.list).toContain('weights.bin (binary)');
    expect(facts.some((f) => f.label.startsWith('Changes since upstream '))).toBe(true);
    expect(plan.script).toContain('git apply diff.patch');
  });

  it('lists the files changed in one run and not the other, or by other counts', async () => {
    const runs = await importRuns();
    const side = (r: Run) => ({
      params: r.params,
      metrics: new Map(),
      provenance: r.provenance ?? null
    });
    const diff = diffRuns(side(runs.get('patcha')!), side(runs.get('patchb')!));
    const describe = (rows: NumstatRow[]) =>
      new Map(fromNumstat(rows).map((f) => [f.path, describeChange(f)]));
    const [a, b] = [describe(numstat.patcha!), describe(numstat.patchb!)];
    const expected = [...new Set([...a.keys(), ...b.keys()])]
      .filter((k) => a.get(k) !== b.get(k))
      .sort()
      .map((key) => ({ key, a: a.get(key) ?? null, b: b.get(key) ?? null }));
    expect(diff.codeFiles).toEqual(expected);
    expect(diff.codeFiles.map((c) => c.key)).toContain('data loader.py');
    expect(diff.codeFiles.map((c) => c.key)).not.toContain('weights.bin');
    expect(diffRuns(side(runs.get('patcha')!), side(runs.get('patcha')!)).codeFiles).toEqual([]);
  });

  it('keeps the changed files through Runlens JSON (written and read back)', async () => {
    const provenance = (await importRuns()).get('patcha')!.provenance!;
    const text = JSON.stringify(provenanceToJson(provenance));
    const back = readProvenanceJson(new JsonReader('run.json'), JSON.parse(text), 'provenance');
    expect(back).toEqual(provenance);
    expect(back.code?.patches?.[0]?.files).toHaveLength(8);
  });
});
