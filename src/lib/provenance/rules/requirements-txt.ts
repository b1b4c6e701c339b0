/**
 * pip requirements files (`requirements.txt` beside an MLmodel, W&B's `files/requirements.txt`
 * written by `pip freeze`): one requirement per line (PEP 508: `name[extras] spec ; marker`),
 * `#` comments, and pip options (`-r`, `-e`, `--index-url`) that name no package here.
 */
import type { PackageRequirement } from '../../model';

/** `name[extras] spec ; marker` → name and spec; null for lines that name no package. */
export function parseRequirementLine(line: string, from: string): PackageRequirement | null {
  const text = line.replace(/(^|\s)#.*$/, '').trim();
  if (text === '' || text.startsWith('-')) return null;
  // A URL or path requirement (`pkg @ https://…`, `./wheels/x.whl`) keeps its whole text as spec.
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(text);
  if (!m) return null;
  const spec = m[3]!.split(';')[0]!.trim();
  return { name: m[1]!, spec, from };
}

/** Every package a requirements file lists, in file order. */
export function parseRequirementsTxt(text: string, from: string): PackageRequirement[] {
  const out: PackageRequirement[] = [];
  // Backslash continuations join lines, as pip reads them.
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const req = parseRequirementLine(line, from);
    if (req) out.push(req);
  }
  return out;
}
