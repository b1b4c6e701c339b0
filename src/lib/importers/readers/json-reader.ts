import { numberFromJson } from '../../model';
import { ImportError } from '../errors';

/**
 * Typed reads from parsed JSON that fail with the file and the JSON path of the bad value
 * (`runs[3].metrics[1].values[17]`), so a hand-edited file tells its author where to look.
 */
export class JsonReader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new ImportError(this.file, `${path}: ${problem}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `expected an object, found ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected a list, found ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, `expected text, found ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, path: string): string | null {
    return value === undefined || value === null ? null : this.string(value, path);
  }

  /** A number, or one of the strings "NaN", "Infinity", "-Infinity", "-0". */
  number(value: unknown, path: string): number {
    const n = numberFromJson(value);
    if (n === undefined) this.fail(path, `expected a number, found ${describe(value)}`);
    return n;
  }

  optionalNumber(value: unknown, path: string): number | null {
    return value === undefined || value === null ? null : this.number(value, path);
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean')
      this.fail(path, `expected true or false, found ${describe(value)}`);
    return value;
  }

  /** A `{key: "text"}` object as a Map (keys from files never become object properties). */
  stringMap(value: unknown, path: string): Map<string, string> {
    const map = new Map<string, string>();
    if (value === undefined || value === null) return map;
    for (const [key, v] of Object.entries(this.object(value, path))) {
      map.set(key.normalize('NFC'), this.string(v, `${path}[${JSON.stringify(key)}]`));
    }
    return map;
  }

  /** A number that must be finite (times, sizes, steps). */
  finiteNumber(value: unknown, path: string): number {
    const n = this.number(value, path);
    if (!Number.isFinite(n)) this.fail(path, `expected a finite number, found ${describe(value)}`);
    return n;
  }

  optionalFiniteNumber(value: unknown, path: string): number | null {
    return value === undefined || value === null ? null : this.finiteNumber(value, path);
  }

  /** A list of numbers (or their string spellings) as a Float64Array. */
  float64s(value: unknown, path: string): Float64Array {
    const list = this.array(value, path);
    const out = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      // Plain numbers are the hot path; strings only for non-finite values and -0.
      out[i] = typeof v === 'number' ? v : this.number(v, `${path}[${i}]`);
    }
    return out;
  }
}

/** A short, safe description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the member is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
