/**
 * Names of a comparison's lines from a template the person writes, as W&B's legend templates:
 * `{params.model} lr={params.lr}` names a run "resnet18 lr=0.01" in every legend and tooltip.
 * Fields: `{name}`, `{id}`, `{experiment}`, `{params.KEY}`, `{tags.KEY}`, `{metrics.KEY}` (the
 * last value). A field the run lacks reads `–`; text outside braces is kept as written; an empty
 * template names runs as before (name, else id). The result is text, drawn as text.
 */
import type { RunRow } from '../db/rows';

/** Long enough for any sensible template; longer names would not fit a legend anyway. */
export const MAX_TEMPLATE = 200;
const MAX_LABEL = 120;
const MISSING = '–';

/** Whether a template has any field, or is text the person is still typing. */
export function templateFields(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!.trim());
}

const number = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

function fieldValue(
  field: string,
  run: Pick<RunRow, 'id' | 'name' | 'params' | 'tags' | 'metrics'>,
  experimentName: string | null
): string {
  if (field === 'name') return run.name ?? run.id;
  if (field === 'id') return run.id;
  if (field === 'experiment') return experimentName ?? MISSING;
  const dot = field.indexOf('.');
  if (dot < 0) return MISSING;
  const kind = field.slice(0, dot);
  const key = field.slice(dot + 1);
  if (kind === 'params' || kind === 'param') return run.params.get(key) ?? MISSING;
  if (kind === 'tags' || kind === 'tag') return run.tags.get(key) ?? MISSING;
  if (kind === 'metrics' || kind === 'metric') {
    const last = run.metrics.get(key)?.last;
    return last === undefined ? MISSING : number(last);
  }
  return MISSING;
}

/** A run's line name under `template` (its name, else id, when the template is blank). */
export function labelFromTemplate(
  template: string,
  run: Pick<RunRow, 'id' | 'name' | 'params' | 'tags' | 'metrics'>,
  experimentName: string | null = null
): string {
  const t = template.slice(0, MAX_TEMPLATE);
  if (t.trim() === '') return run.name ?? run.id;
  const label = t.replace(/\{([^{}]+)\}/g, (_, field: string) =>
    fieldValue(field.trim(), run, experimentName)
  );
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
