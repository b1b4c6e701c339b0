/**
 * `params.yaml` as dvclive writes it (`Live.log_params`, a ruamel.yaml round-trip dump, YAML 1.2,
 * block style) or as a DVC project keeps it by hand. Nested maps become `a.b` params. Numbers keep
 * the characters they were written with (`1e-08`, `0.0`), other scalars read as Python shows them
 * (True, None). No tag is ever resolved and aliases are bounded, so a hostile file stays data.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ImportError } from '../errors';
import { pythonText } from './values';

function scalarText(node: Node, nested: boolean): string | null {
  if (!isScalar(node)) return null;
  if (typeof node.value === 'number' && typeof node.source === 'string') return node.source;
  return pythonText(node.value, nested);
}

function leafText(file: string, doc: Document, node: Node): string {
  const scalar = scalarText(node, false);
  if (scalar !== null) return scalar;
  if (isSeq(node)) {
    const items = node.items.map((item) => (isScalar(item) ? scalarText(item, true) : null));
    if (items.every((t) => t !== null)) return `[${items.join(', ')}]`;
  }
  let value: unknown;
  try {
    value = node.toJS(doc, { maxAliasCount: 100 });
  } catch (error) {
    // yaml's own alias limit (a billion-laughs list under one key) throws a plain error.
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(file, `a value expands too far (${why})`);
  }
  return pythonText(value);
}

/** Aliases can make a small file expand without end; no params file needs this many nodes. */
const MAX_NODES = 100_000;

interface Walk {
  doc: Document;
  file: string;
  out: Map<string, string>;
  nodes: number;
}

function flatten(walk: Walk, node: unknown, prefix: string): void {
  const { doc, out } = walk;
  if (++walk.nodes > MAX_NODES) {
    throw new ImportError(walk.file, `expands to more than ${MAX_NODES} values (aliases)`);
  }
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (!n || typeof n !== 'object') {
    if (prefix !== '') out.set(prefix.normalize('NFC'), 'None');
    return;
  }
  if (isMap(n)) {
    for (const pair of n.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      flatten(walk, pair.value, prefix === '' ? key : `${prefix}.${key}`);
    }
    return;
  }
  if (prefix !== '') out.set(prefix.normalize('NFC'), leafText(walk.file, doc, n as Node));
}

/** The params of a params.yaml; an empty file has none. Throws ImportError naming the line. */
export function readParamsYaml(file: string, text: string): Map<string, string> {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: false, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    const where = line ? `line ${line}: ` : '';
    throw new ImportError(file, `${where}not valid YAML (${error.message.split('\n')[0]})`);
  }
  const out = new Map<string, string>();
  if (doc.contents === null) return out;
  if (!isMap(doc.contents)) throw new ImportError(file, 'is not a YAML mapping of params');
  flatten({ doc, file, out, nodes: 0 }, doc.contents, '');
  return out;
}
