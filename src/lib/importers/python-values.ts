/**
 * Values written by Python tools (Optuna, KerasTuner) as text the way Python's str() prints
 * them, so a param reads as it did in the person's script: `True`, `None`, `0.001`, `1e-05`.
 */
import { formatPythonNumber } from './tensorboard/hparams';

/** A plain JSON value as Python's str() prints it; lists and objects as JSON. */
export function pythonText(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return formatPythonNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

export { formatPythonNumber };
