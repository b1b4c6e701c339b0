/**
 * Reads the small YAML files trackers write (MLflow's meta.yaml, written by PyYAML's
 * SafeDumper). Values that must stay text (ids, names) are taken from the source characters,
 * so an id like `31415926e5358979` is not turned into a number.
 */
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { ImportError } from '../errors';

export class YamlMeta {
  readonly #doc: Document;

  constructor(
    readonly file: string,
    text: string
  ) {
    // YAML 1.1 is what PyYAML writes; no custom tags are ever resolved (plain data only).
    this.#doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: true });
    const error = this.#doc.errors[0];
    if (error) throw new ImportError(file, `is not valid YAML (${error.message.split('\n')[0]})`);
    if (this.#doc.contents !== null && !isMap(this.#doc.contents)) {
      throw new ImportError(file, 'is not a YAML mapping of keys to values');
    }
  }

  has(key: string): boolean {
    return this.#doc.has(key);
  }

  /** A value as text exactly as written (null when missing or null). */
  text(key: string): string | null {
    const node = this.#doc.get(key, true);
    if (node === undefined || node === null) return null;
    if (!isScalar(node)) return null;
    if (node.value === null) return null;
    if (typeof node.value === 'string') return node.value;
    // A plain scalar the YAML resolver made a number or boolean: keep the characters.
    return typeof node.source === 'string' ? node.source : String(node.value);
  }

  /** A whole number (epoch ms, enum), or null when missing, null or not a number. */
  integer(key: string): number | null {
    const v = this.#doc.get(key);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return null;
  }

  /** Any plain value (maps become plain objects). */
  value(key: string): unknown {
    const v = this.#doc.get(key);
    return isScalar(v) ? v.value : v;
  }
}
