/**
 * `python_env.yaml` beside an MLmodel (MLflow 2.x+, mlflow/utils/environment.py `_PythonEnv`):
 * `python: 3.x.y`, `build_dependencies` (pip, setuptools, wheel: the installer's own) and
 * `dependencies`, usually just `-r requirements.txt` (the file beside it lists the packages).
 */
import type { EnvironmentFile } from './conda-yaml';
import { parseRequirementLine } from './requirements-txt';
import { readYamlMapping, scalarText } from './safe-yaml';

/** Python and the packages listed inline (null when it is not a python_env file). */
export function parsePythonEnvYaml(text: string, from: string): EnvironmentFile | null {
  const doc = readYamlMapping(text);
  if (!doc || !('python' in doc || 'dependencies' in doc)) return null;
  const packages = Array.isArray(doc.dependencies)
    ? doc.dependencies.flatMap((d) => {
        const req = typeof d === 'string' ? parseRequirementLine(d, from) : null;
        return req ? [req] : [];
      })
    : [];
  return { python: scalarText(doc.python), packages };
}
