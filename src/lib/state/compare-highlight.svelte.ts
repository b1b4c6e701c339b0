/**
 * The run (or group) a person points at in a comparison: hovering a line or a legend entry in any
 * chart highlights the same line in every chart, the others dimmed (uPlot's series focus, so no
 * chart is rebuilt). Keyed by line id (a run key, or `group:<label>`), as chart indices differ.
 */
class CompareHighlight {
  #lineId = $state<string | null>(null);

  get lineId(): string | null {
    return this.#lineId;
  }

  set(lineId: string | null): void {
    if (this.#lineId !== lineId) this.#lineId = lineId;
  }
}

export const compareHighlight = new CompareHighlight();
