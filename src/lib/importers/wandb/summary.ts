/**
 * A run's summary: the latest value of every key, from the log's summary deltas (each update
 * replaces a key, each removal drops it, in log order) or from `wandb-summary.json`. As leaves:
 * nested objects are walked (keys joined with `/`), a media object (`_type`) is one leaf.
 * Which summary wins is the caller's (build-run.ts).
 */
import { isJsonObject } from '../../model/json';
import { walkLeaves } from './history';
import type { KeyTable } from './key-table';
import { valueOf } from './value-json';

/** Leaf key → value (a number, text, a media object...). */
export type SummaryLeaves = Map<string, unknown>;

function setValue(leaves: SummaryLeaves, key: string, value: unknown): void {
  // A new value of a key replaces everything that was under it.
  for (const k of leaves.keys()) if (k === key || k.startsWith(`${key}/`)) leaves.delete(k);
  walkLeaves([key], value, (parts, v) => leaves.set(parts.join('/'), v));
}

/** The summary the log's deltas leave (keys in the order they were last set). */
export function logSummary(keys: KeyTable): SummaryLeaves {
  const changed = [...keys.entries()].filter((e) => e.summarySeq >= 0);
  changed.sort((a, b) => a.summarySeq - b.summarySeq);
  const leaves: SummaryLeaves = new Map();
  for (const e of changed) {
    if (e.summaryBytes === null) {
      for (const k of leaves.keys()) if (k === e.key || k.startsWith(`${e.key}/`)) leaves.delete(k);
    } else setValue(leaves, e.key, valueOf(e.summaryBytes, e.summaryStart, e.summaryEnd));
  }
  return leaves;
}

/** The leaves of a parsed `wandb-summary.json`. */
export function fileSummary(doc: Record<string, unknown>): SummaryLeaves {
  const leaves: SummaryLeaves = new Map();
  for (const [k, v] of Object.entries(doc)) setValue(leaves, k.normalize('NFC'), v);
  return leaves;
}

/** `base` with every leaf of `newer` set over it (a newer file over a cut-off log). */
export function overlaySummary(base: SummaryLeaves, newer: SummaryLeaves): SummaryLeaves {
  const out = new Map(base);
  for (const [k, v] of newer) out.set(k, v);
  return out;
}

/** A number leaf, or undefined. */
export function summaryNumber(leaves: SummaryLeaves, key: string): number | undefined {
  const v = leaves.get(key);
  return typeof v === 'number' ? v : undefined;
}

/** Is a leaf a media object (`{"_type": ...}`)? */
export function isMedia(value: unknown): value is Record<string, unknown> {
  return isJsonObject(value) && typeof value._type === 'string';
}
