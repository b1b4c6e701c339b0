/**
 * The plain search box: a case-insensitive substring over run names, run ids, and the keys and
 * values of params and tags. No syntax at all, so anything a person pastes works. Each distinct
 * value is tested once (see encoded.ts), so a keystroke costs little more than the distinct names.
 */
import type { RunColumns } from '../explorer/run-columns';
import type { TextValues } from './encoded';
import { encodeColumn, lowerDict } from './encoded';

/** Sets out[i] = 1 where row i's value contains the needle (never clears a row). */
function markSubstring(out: Uint8Array, values: TextValues, needle: string): void {
  const enc = encodeColumn(values);
  const lower = lowerDict(enc);
  const hits = new Uint8Array(lower.length);
  let found = false;
  for (let k = 0; k < lower.length; k++) {
    if (lower[k]!.includes(needle)) {
      hits[k] = 1;
      found = true;
    }
  }
  if (!found) return;
  const codes = enc.codes;
  for (let i = 0; i < out.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && hits[c]) out[i] = 1;
  }
}

/** Sets out[i] = 1 where row i has a value at all (the key itself matched). */
function markPresent(out: Uint8Array, values: TextValues): void {
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) out[i] = 1;
  }
}

/** 1 for each run whose name, id, param or tag (key or value) contains the text; blank = all. */
export function quickSearchMask(cols: RunColumns, text: string): Uint8Array {
  const out = new Uint8Array(cols.count);
  const needle = text.trim().toLowerCase();
  if (needle === '') {
    out.fill(1);
    return out;
  }
  markSubstring(out, cols.names, needle);
  markSubstring(out, cols.ids, needle);
  for (const columns of [cols.params, cols.tags]) {
    for (const [key, values] of columns) {
      if (key.toLowerCase().includes(needle)) markPresent(out, values);
      else markSubstring(out, values, needle);
    }
  }
  return out;
}
