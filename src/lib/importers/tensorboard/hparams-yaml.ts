/**
 * PyTorch Lightning's `hparams.yaml` (written by TensorBoardLogger next to the event file, with
 * PyYAML's unsafe dumper): the run's params when its event files carry no hparams summary. Values
 * tagged `!!python/object…`, `!!python/name…` or `!!python/tuple` are kept as the YAML text that
 * was written; no tag is ever resolved to an object and nothing in the file is run.
 * Nested maps become `a/b` keys, as Lightning flattens them for the hparams plugin.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { formatPythonNumber } from './hparams';

const PYTHON_TAG = 'tag:yaml.org,2002:python/';

/**
 * A YAML number as Python prints what PyYAML loads: a float in repr's spelling (`1e-05` where
 * PyYAML and OmegaConf write `1.0e-05`, `32.0`, `inf`), an int in decimal. Which one it is comes
 * from the text (a dot, an exponent, `.inf`); a plain decimal int keeps its digits, which a
 * double would round past 2^53.
 */
function pythonNumberText(value: number, source: string): string {
  const text = source.trim();
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(text)) return text.replace(/^\+/, '');
  if (/^[-+]?0x/i.test(text) || !/[.eEnN]/.test(text)) return formatPythonNumber(value);
  // PyYAML reads an exponent only after a dot and with a sign (`1.0e-05`): `1e-05` stays text.
  if (/[eE]/.test(text) && !/\.[0-9_]*[eE][-+][0-9]+$/.test(text)) return text;
  const repr = formatPythonNumber(value);
  return /^-?\d+$/.test(repr) ? `${repr}.0` : repr;
}

/** A scalar as Python would print it: True/False/None, numbers as Python does, text as is. */
function scalarText(value: unknown, source: string | undefined, quoted: boolean): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number')
    return source === undefined ? formatPythonNumber(value) : pythonNumberText(value, source);
  const text = String(value);
  return quoted ? `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : text;
}

/**
 * The characters a value was written as. `from` is where its key ended: a node's own range leaves
 * out its tag (`!!python/object:…`), which is the most telling part of such a value.
 */
function sourceText(text: string, node: Node, from?: number): string {
  const [start, , end] = node.range ?? [0, 0, 0];
  if (from === undefined) return text.slice(start, end).trim();
  return text
    .slice(from, end)
    .replace(/^\s*:\s*/, '')
    .trim();
}

/** A list of plain scalars as Python's repr of the list (`[0.5, 'a']`), else null. */
function listText(node: Node): string | null {
  if (!isSeq(node)) return null;
  const items: string[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || item.tag?.startsWith(PYTHON_TAG)) return null;
    items.push(
      scalarText(item.value, typeof item.source === 'string' ? item.source : undefined, true)
    );
  }
  return `[${items.join(', ')}]`;
}

function flatten(
  doc: Document,
  text: string,
  node: unknown,
  prefix: string,
  out: Map<string, string>,
  keyEnd?: number
): void {
  if (!node || typeof node !== 'object') return;
  // An anchor's later uses (`*id001`) read as what the anchor holds.
  const alias = isAlias(node);
  const n = (alias ? node.resolve(doc) : node) as Node | undefined;
  if (!n) return;
  // What an alias stands for was written elsewhere: its own range is all there is to quote.
  if (alias) keyEnd = undefined;
  if (isMap(n) && !n.tag?.startsWith(PYTHON_TAG)) {
    for (const pair of n.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = prefix === '' ? key : `${prefix}/${key}`;
      const keyEnd = isScalar(pair.key) ? pair.key.range?.[1] : undefined;
      if (pair.value === null) out.set(path.normalize('NFC'), 'None');
      else flatten(doc, text, pair.value, path, out, keyEnd);
    }
    return;
  }
  if (prefix === '') return;
  const key = prefix.normalize('NFC');
  if (isScalar(n) && !n.tag?.startsWith(PYTHON_TAG)) {
    const source =
      typeof n.source === 'string' && typeof n.value === 'number' ? sourceText(text, n) : undefined;
    out.set(key, scalarText(n.value, source, false));
  } else out.set(key, listText(n) ?? sourceText(text, n, keyEnd));
}

/** The params in a Lightning hparams.yaml; null when it is not a YAML map. */
export function paramsFromHparamsYaml(text: string): Map<string, string> | null {
  let doc: Document;
  try {
    // Unknown tags only warn in the yaml package: the nodes keep their plain structure.
    doc = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true });
  } catch {
    return null;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const out = new Map<string, string>();
  flatten(doc, text, doc.contents, '', out);
  return out;
}
