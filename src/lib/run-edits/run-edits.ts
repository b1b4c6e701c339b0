/**
 * A person's edits of a run (its name, its note, its tags) laid over the imported run. The edit is
 * stored apart (db `edits`, RunEditRow) and applied where runs are read for people (the explorer,
 * its filters, the comparison, the run page), so an import of the same files replaces the run and
 * the edit still applies, and the imported value stays known to show beside the edited one.
 */
import type { RunEditRow, RunRow } from '../db/rows';

/** The tag the note lives in: MLflow's, which the W&B and TensorBoard importers also fill. */
export const NOTE_TAG = 'mlflow.note.content';

/** What a person asks to change; absent fields keep what is stored. */
export interface RunEditChange {
  name?: string | null;
  note?: string | null;
  setTag?: { key: string; value: string };
  removeTag?: string;
}

export function emptyEdit(runKey: string): RunEditRow {
  return { runKey, setTags: new Map(), removedTags: [], editedAt: 0 };
}

/** Does the edit change nothing (and so its row can go)? */
export function isEmptyEdit(edit: RunEditRow): boolean {
  return (
    edit.name === undefined &&
    edit.note === undefined &&
    edit.setTags.size === 0 &&
    edit.removedTags.length === 0
  );
}

/** The run as the person sees it: the edit's name, note and tags over the imported ones. */
export function applyRunEdit(run: RunRow, edit: RunEditRow | undefined): RunRow {
  if (!edit || isEmptyEdit(edit)) return run;
  const tags = new Map(run.tags);
  for (const key of edit.removedTags) tags.delete(key);
  for (const [key, value] of edit.setTags) tags.set(key, value);
  if (edit.note !== undefined) {
    if (edit.note === '') tags.delete(NOTE_TAG);
    else tags.set(NOTE_TAG, edit.note);
  }
  return { ...run, name: edit.name ?? run.name, tags };
}

/**
 * The edit after a change, normalised against the imported run: a value equal to the imported
 * one is no edit (so "edited" marks only real differences), a tag set again is no longer removed
 * and a removed tag is no longer set. `null` for name or note goes back to the imported value.
 */
export function changeEdit(
  run: RunRow,
  edit: RunEditRow | undefined,
  change: RunEditChange,
  now: number
): RunEditRow {
  const next: RunEditRow = {
    ...(edit ?? emptyEdit(run.key)),
    setTags: new Map(edit?.setTags ?? []),
    removedTags: [...(edit?.removedTags ?? [])],
    editedAt: now
  };
  if (change.name !== undefined) {
    const name = change.name?.trim() ?? null;
    if (name === null || name === '' || name === run.name) delete next.name;
    else next.name = name;
  }
  if (change.note !== undefined) {
    const imported = run.tags.get(NOTE_TAG) ?? '';
    if (change.note === null || change.note === imported) delete next.note;
    else next.note = change.note;
  }
  if (change.setTag) {
    const { key, value } = change.setTag;
    next.removedTags = next.removedTags.filter((k) => k !== key);
    if (run.tags.get(key) === value) next.setTags.delete(key);
    else next.setTags.set(key, value);
  }
  if (change.removeTag !== undefined) {
    const key = change.removeTag;
    next.setTags.delete(key);
    if (run.tags.has(key) && !next.removedTags.includes(key)) next.removedTags.push(key);
  }
  return next;
}

/** What the edit changed, with the imported value, for "edited" marks. */
export interface EditedFields {
  /** The imported name when the name is edited, else undefined. */
  name?: string | null;
  /** The imported note when the note is edited ('' when there was none). */
  note?: string;
  /** Tags added or changed, with their imported value (null when the tag is new). */
  setTags: Map<string, string | null>;
  /** Imported tags removed, with their value. */
  removedTags: Map<string, string>;
}

export function editedFields(run: RunRow, edit: RunEditRow | undefined): EditedFields {
  const out: EditedFields = { setTags: new Map(), removedTags: new Map() };
  if (!edit) return out;
  if (edit.name !== undefined) out.name = run.name;
  if (edit.note !== undefined) out.note = run.tags.get(NOTE_TAG) ?? '';
  for (const key of edit.setTags.keys()) out.setTags.set(key, run.tags.get(key) ?? null);
  for (const key of edit.removedTags) {
    const value = run.tags.get(key);
    if (value !== undefined) out.removedTags.set(key, value);
  }
  return out;
}

/** Runs with their edits applied, for readers of many runs (one map lookup each). */
export function applyRunEdits(runs: RunRow[], edits: readonly RunEditRow[]): RunRow[] {
  if (edits.length === 0) return runs;
  const byKey = new Map(edits.map((e) => [e.runKey, e]));
  return runs.map((r) => applyRunEdit(r, byKey.get(r.key)));
}
