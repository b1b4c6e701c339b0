/**
 * A colour per run, derived from its id so it is the same after a reload and on another machine,
 * from Paul Tol's colour-blind-safe "bright" and "muted" palettes (personal.sron.nl/~pault, 2021).
 */
export const RUN_PALETTE = [
  '#4477AA',
  '#EE6677',
  '#228833',
  '#CCBB44',
  '#66CCEE',
  '#AA3377',
  '#332288',
  '#117733',
  '#999933',
  '#882255',
  '#44AA99',
  '#DDCC77'
] as const;

/** FNV-1a over the id's UTF-16 code units: stable, fast, well spread for hex ids. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The run's colour: a chosen one if the person changed it, else the derived one. */
export function runColor(id: string, overrides?: ReadonlyMap<string, string>): string {
  return overrides?.get(id) ?? RUN_PALETTE[hash(id) % RUN_PALETTE.length]!;
}
