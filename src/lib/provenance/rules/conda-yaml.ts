/**
 * conda environment files (`conda.yaml` beside an MLmodel, written by
 * mlflow/utils/environment.py `_mlflow_conda_env`): `dependencies` holds `python=3.x`, conda
 * packages (`name=version` or `name>=version`) and a `pip:` list of pip requirement lines.
 */
import type { PackageRequirement } from '../../model';
import { parseRequirementLine } from './requirements-txt';
import { readYamlMapping, scalarText } from './safe-yaml';

export interface EnvironmentFile {
  python: string | null;
  packages: PackageRequirement[];
}

/** A conda package spec (`numpy=1.2`, `pip<=24.3.1`) as a requirement. */
function condaPackage(spec: string, from: string): PackageRequirement | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(spec.trim());
  if (!m) return null;
  // conda's single `=` pins a version; it is written as conda wrote it.
  return { name: m[1]!, spec: m[2]!.trim(), from };
}

/** Python and packages of a conda.yaml (null when it is not one). */
export function parseCondaYaml(text: string, from: string): EnvironmentFile | null {
  const doc = readYamlMapping(text);
  if (!doc || !Array.isArray(doc.dependencies)) return null;
  const out: EnvironmentFile = { python: null, packages: [] };
  for (const dep of doc.dependencies) {
    const spec = scalarText(dep);
    if (spec !== null) {
      const pkg = condaPackage(spec, from);
      if (!pkg) continue;
      // `python=3.12.2` is the interpreter; `pip` is the installer itself, not a package of the run.
      if (pkg.name === 'python') out.python = pkg.spec.replace(/^=+/, '') || null;
      else if (pkg.name !== 'pip') out.packages.push(pkg);
    } else if (dep && typeof dep === 'object' && !Array.isArray(dep)) {
      const pip = (dep as Record<string, unknown>).pip;
      if (!Array.isArray(pip)) continue;
      for (const line of pip) {
        const req = typeof line === 'string' ? parseRequirementLine(line, from) : null;
        if (req) out.packages.push(req);
      }
    }
  }
  return out;
}
