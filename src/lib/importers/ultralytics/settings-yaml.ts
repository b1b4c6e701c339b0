/**
 * Ultralytics run settings as params: `args.yaml` (v8/11, every train argument, written with
 * yaml.safe_dump), YOLOv5's `opt.yaml` (argparse options; `hyp` may be a nested map) and
 * `hyp.yaml`. Values are kept as written (`true`, `null`, `0.01`, a Windows path); nested maps
 * become `a.b` keys; lists and aliases are kept as their YAML text. Nothing is resolved or run:
 * no tags, and an alias is never expanded, so a hostile file cannot make a big value out of a
 * small one.
 */
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { ImportError } from '../errors';

const MAX_DEPTH = 8;

function nodeText(text: string, node: Node): string {
  const [start, , end] = node.range ?? [0, 0, 0];
  return text.slice(start, end).trim();
}

function scalarText(node: Node, text: string): string {
  if (!isScalar(node)) return nodeText(text, node);
  if (typeof node.value === 'string') return node.value;
  return typeof node.source === 'string' ? node.source : nodeText(text, node);
}

function flatten(
  node: unknown,
  prefix: string,
  text: string,
  out: Map<string, string>,
  depth: number
) {
  if (isMap(node) && depth < MAX_DEPTH) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = (prefix === '' ? key : `${prefix}.${key}`).normalize('NFC');
      if (pair.value === null || pair.value === undefined) out.set(path, 'null');
      else flatten(pair.value, path, text, out, depth + 1);
    }
    return;
  }
  if (prefix !== '' && node && typeof node === 'object')
    out.set(prefix, scalarText(node as Node, text));
}

/** Adds the settings in one YAML file to `params` (keys already there are kept). */
export function readSettingsYaml(file: string, text: string, params: Map<string, string>): void {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: true });
  const error = doc.errors[0];
  if (error) throw new ImportError(file, `is not valid YAML (${error.message.split('\n')[0]})`);
  if (doc.contents === null) return;
  if (!isMap(doc.contents)) throw new ImportError(file, 'is not a YAML mapping of settings');
  const found = new Map<string, string>();
  flatten(doc.contents, '', text, found, 0);
  for (const [k, v] of found) if (!params.has(k)) params.set(k, v);
}
