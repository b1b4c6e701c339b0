/**
 * Optuna's parameter distributions as its journal stores them (optuna/distributions.py, 5.0.0,
 * read 2026-11): `distribution_to_json` writes `{"name": <class>, "attributes": {...}}` as a JSON
 * string inside the log line; `json_to_distribution` also reads an abbreviated form
 * `{"type": "float"|"int"|"categorical", ...}`. A param is stored in its internal form, a float:
 * `to_external_repr` turns it back into the value the objective saw.
 */
import { isJsonObject } from '../model/json';
import { formatPythonNumber, pythonText } from './python-values';

export type DistributionKind = 'float' | 'int' | 'categorical';

export interface Distribution {
  /** The class name (`FloatDistribution`, legacy `LogUniformDistribution`...), for compatibility. */
  className: string;
  kind: DistributionKind;
  log: boolean;
  /** Categorical choices as JSON gave them (null, booleans, numbers, text). */
  choices: readonly unknown[];
}

const FLOAT_CLASSES: Record<string, boolean> = {
  FloatDistribution: false,
  UniformDistribution: false,
  LogUniformDistribution: true,
  DiscreteUniformDistribution: false
};
const INT_CLASSES: Record<string, boolean> = {
  IntDistribution: false,
  IntUniformDistribution: false,
  IntLogUniformDistribution: true
};

/** Reads a distribution's JSON text; throws an Error saying what is wrong. */
export function parseDistribution(text: unknown): Distribution {
  if (typeof text !== 'string') throw new Error('expected the distribution as JSON text');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the distribution ${JSON.stringify(text.slice(0, 60))} is not valid JSON`);
  }
  if (!isJsonObject(json)) throw new Error('the distribution is not a JSON object');
  if (typeof json.name === 'string') {
    const attributes = isJsonObject(json.attributes) ? json.attributes : {};
    const name = json.name;
    if (name === 'CategoricalDistribution') return categorical(name, attributes.choices);
    const log = attributes.log === true;
    if (name in FLOAT_CLASSES)
      return { className: name, kind: 'float', log: FLOAT_CLASSES[name]! || log, choices: [] };
    if (name in INT_CLASSES)
      return { className: name, kind: 'int', log: INT_CLASSES[name]! || log, choices: [] };
    throw new Error(`unknown distribution class ${JSON.stringify(name)}`);
  }
  // The abbreviated form maps onto the current classes.
  if (json.type === 'categorical') return categorical('CategoricalDistribution', json.choices);
  if (json.type === 'float' || json.type === 'int') {
    const className = json.type === 'float' ? 'FloatDistribution' : 'IntDistribution';
    return { className, kind: json.type, log: json.log === true, choices: [] };
  }
  throw new Error('the distribution has neither a "name" nor a known "type"');
}

function categorical(className: string, choices: unknown): Distribution {
  if (!Array.isArray(choices)) throw new Error('a categorical distribution has no "choices" list');
  return { className, kind: 'categorical', log: false, choices };
}

/**
 * Optuna's check_distribution_compatibility: the same class, the same log flag, and for
 * categoricals the same choices. An incompatible param from another worker is dropped on replay.
 */
export function compatible(a: Distribution, b: Distribution): boolean {
  if (a.className !== b.className || a.log !== b.log) return false;
  if (a.kind !== 'categorical') return true;
  return JSON.stringify(a.choices) === JSON.stringify(b.choices);
}

/**
 * The param as the objective saw it, as text: an int distribution truncates (Python's int()),
 * a categorical one picks its choice by index. Throws when a categorical index is out of range.
 */
export function externalText(d: Distribution, internal: number): string {
  if (d.kind === 'int') return formatPythonNumber(Math.trunc(internal));
  if (d.kind === 'float') return formatPythonNumber(internal);
  const index = Math.trunc(internal);
  if (!(index >= 0 && index < d.choices.length)) {
    throw new Error(`choice index ${internal} is outside the ${d.choices.length} choices`);
  }
  return pythonText(d.choices[index]);
}
