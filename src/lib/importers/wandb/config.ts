/**
 * A run's config: from the log (the run record's config, then ConfigRecord updates and removals
 * in order, values raw) and from `config.yaml` (every top-level key wraps its value as
 * `{value: ...}`, with `desc: null` beside it up to 0.16 and `wandb_version: 1` on top). `_wandb`
 * is W&B's own (versions, telemetry, metric definitions), never a param. Params are the leaves,
 * nested keys joined with `.` as W&B's UI and CSV exports show them (`optimizer.lr`), spelled
 * as Python prints them (`True`, `None`, `1e-05`).
 */
import { isMap, parseDocument } from 'yaml';
import { isJsonObject } from '../../model/json';
import { ImportError } from '../errors';
import { pythonText } from '../python-values';
import type { ConfigChange } from './run-log';

/** Aliases can make a small file expand without end; no config needs this many. */
const MAX_ALIASES = 100;

/** Nested YAML maps as null-prototype objects, so a key called `__proto__` stays a key. */
function plain(value: unknown): unknown {
  if (value instanceof Map) {
    const o = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) o[String(k)] = plain(v);
    return o;
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** A YAML mapping as top-level key → plain value (no tags resolved, aliases bounded). */
export function readYamlMap(file: string, text: string): Map<string, unknown> {
  // YAML 1.1 is what PyYAML writes (legacy configs); yaml.v3's output reads the same.
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    const where = line ? `line ${line}: ` : '';
    throw new ImportError(file, `${where}not valid YAML (${error.message.split('\n')[0]})`);
  }
  if (doc.contents === null) return new Map();
  if (!isMap(doc.contents)) throw new ImportError(file, 'is not a YAML mapping of config keys');
  let top: unknown;
  try {
    top = doc.toJS({ mapAsMap: true, maxAliasCount: MAX_ALIASES });
  } catch (e) {
    throw new ImportError(file, `could not be read (${(e as Error).message})`);
  }
  const out = new Map<string, unknown>();
  for (const [k, v] of top as Map<unknown, unknown>) out.set(String(k).normalize('NFC'), plain(v));
  return out;
}

/** config.yaml's keys with their values unwrapped (`wandb_version` dropped). */
export function readConfigYaml(file: string, text: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, wrapped] of readYamlMap(file, text)) {
    if (key === 'wandb_version') continue;
    // Every writer wraps values; a hand-edited file might not.
    out.set(key, isJsonObject(wrapped) && 'value' in wrapped ? wrapped.value : wrapped);
  }
  return out;
}

/** Applies the log's config changes in order to `config` (top-level key → value). */
export function applyConfigChanges(changes: readonly ConfigChange[], config: Map<string, unknown>) {
  for (const { parts, value, remove } of changes) {
    const [top, ...rest] = parts.map((p) => p.normalize('NFC'));
    if (top === undefined) continue;
    if (rest.length === 0) {
      if (remove) config.delete(top);
      else config.set(top, value);
      continue;
    }
    // A nested key: set or remove inside a copy of the top-level object.
    const root: Record<string, unknown> = isJsonObject(config.get(top))
      ? structuredClone(config.get(top) as Record<string, unknown>)
      : {};
    let node = root;
    for (const p of rest.slice(0, -1)) {
      const next = node[p];
      if (!isJsonObject(next)) {
        if (remove) break;
        node[p] = {};
      }
      node = node[p] as Record<string, unknown>;
    }
    const leaf = rest[rest.length - 1]!;
    if (remove) delete node[leaf];
    else node[leaf] = value;
    config.set(top, root);
  }
}

/** A config value as a param's text. */
export function paramText(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : paramText(v))).join(', ')}]`;
  return pythonText(value);
}

/** The params of a config: its leaves, nested keys joined with `.`, `_wandb` left out. */
export function configParams(config: ReadonlyMap<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (prefix: string, value: unknown) => {
    if (isJsonObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
      return;
    }
    out.set(prefix.normalize('NFC'), paramText(value));
  };
  for (const [key, value] of config) if (key !== '_wandb') walk(key, value);
  return out;
}

/** W&B's own facts kept in a config's `_wandb` (legacy configs: versions and framework). */
export function configInternals(config: ReadonlyMap<string, unknown>): {
  cliVersion: string;
  framework: string;
} {
  const w = config.get('_wandb');
  const o = isJsonObject(w) ? w : {};
  return {
    cliVersion: typeof o.cli_version === 'string' ? o.cli_version : '',
    framework: typeof o.framework === 'string' ? o.framework : ''
  };
}
