/** The edge between the experiments list and the runs table: dragged or nudged, it resizes the list. */
import { explorer } from '../../state/explorer.svelte';

/** Dragging the edge resizes the list (the width is kept, within bounds, by the explorer). */
export function resizeExperiments(event: PointerEvent): void {
  event.preventDefault();
  const handle = event.currentTarget as HTMLElement;
  handle.setPointerCapture(event.pointerId);
  const startX = event.clientX;
  const startWidth = explorer.layout.experiments;
  const move = (e: PointerEvent) =>
    explorer.setLayoutWidth('experiments', startWidth + e.clientX - startX);
  const up = () => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', up);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', up);
}

/** The arrow keys move the focused edge 16 px. */
export function nudgeExperiments(event: KeyboardEvent): void {
  const step = event.key === 'ArrowLeft' ? -16 : event.key === 'ArrowRight' ? 16 : 0;
  if (step === 0) return;
  event.preventDefault();
  explorer.setLayoutWidth('experiments', explorer.layout.experiments + step);
}
