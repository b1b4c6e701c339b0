/**
 * Run colours: one per run everywhere (library, comparison), and distinct among the runs on
 * screen. A colour hashed from the id is stable but collides (three of ten runs shared a blue);
 * a colour by position is distinct but changes from page to page. So colours are handed out per
 * screen and remembered: a run keeps the colour it was given as long as no other run on the same
 * screen holds it, and a person's chosen colour always wins.
 *
 * The first six are Paul Tol's colour-blind-safe "bright" palette (personal.sron.nl/~pault,
 * 2021); the other six were picked greedily, each the candidate farthest (CIELAB ΔE) from those
 * already in, among colours light enough for the dark theme and dark enough for the light one.
 * Tol's "muted" colours, used before, put near twins side by side (two greens ΔE 10, two purples
 * 14): on the 12 real YOLO runs two pairs of runs looked alike. The closest pair is now ΔE 33.
 */
export const RUN_PALETTE = [
  '#4477AA',
  '#EE6677',
  '#228833',
  '#CCBB44',
  '#66CCEE',
  '#AA3377',
  '#FF7F0E',
  '#8C564B',
  '#009988',
  '#994F00',
  '#9467BD',
  '#BBBBBB'
] as const;

const normal = (color: string) => color.toLowerCase();

/**
 * Colours for the runs on one screen, in display order: the person's choice, else the
 * remembered colour while fewer than its share of the screen already use it, else the palette
 * colour used least so far (first in palette order). With more runs than palette colours, each
 * colour is used at most ⌈runs / colours⌉ times.
 */
export function assignRunColors(
  ids: readonly string[],
  chosen: ReadonlyMap<string, string>,
  remembered: ReadonlyMap<string, string>
): Map<string, string> {
  const unique = [...new Set(ids)];
  const colors = new Map<string, string>();
  const uses = new Map<string, number>(RUN_PALETTE.map((c) => [normal(c), 0]));
  const use = (id: string, color: string) => {
    colors.set(id, color);
    uses.set(normal(color), (uses.get(normal(color)) ?? 0) + 1);
  };
  for (const id of unique) {
    const mine = chosen.get(id);
    if (mine !== undefined) use(id, mine);
  }
  const share = Math.max(1, Math.ceil(unique.length / RUN_PALETTE.length));
  const waiting: string[] = [];
  for (const id of unique) {
    if (colors.has(id)) continue;
    const kept = remembered.get(id);
    const keep =
      kept !== undefined && uses.has(normal(kept)) && (uses.get(normal(kept)) ?? 0) < share;
    if (keep) use(id, kept);
    else waiting.push(id);
  }
  for (const id of waiting) {
    let best: string = RUN_PALETTE[0];
    for (const color of RUN_PALETTE) {
      if (uses.get(normal(color))! < uses.get(normal(best))!) best = color;
    }
    use(id, best);
  }
  return colors;
}
