/**
 * What a key names: a param, a metric or a tag. Runs often hold a param and a metric with the
 * same name (`lr` set once, and `lr` logged every epoch by a scheduler), so every place that
 * shows keys from different kinds side by side marks the kind: `components/KeyName.svelte` in
 * markup, `keyText` where only plain text fits (select options, canvas and SVG labels).
 */
export type KeyKind = 'param' | 'metric' | 'tag';

/** The key with its kind in front, as plain text: `param · lr`, `metric · lr`. */
export function keyText(kind: KeyKind, key: string): string {
  return `${kind} · ${key}`;
}
