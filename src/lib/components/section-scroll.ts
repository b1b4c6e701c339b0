/**
 * Scrolling to a section of a page whose parts draw themselves late (lazy sections, charts and
 * tables that fill in when the worker answers): the section is scrolled to, then held at the top
 * while the content above it changes height, until the page has been still for a moment or the
 * person scrolls, types or clicks. Without the hold, a section link lands on the right place and
 * is pushed off screen a moment later.
 */

const STILL_MS = 800;
const LONGEST_MS = 6000;
const PERSON_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/** Scrolls `section` to the top of the window and keeps it there while the page settles. */
export function scrollToSection(section: HTMLElement): () => void {
  section.scrollIntoView({ block: 'start' });
  const started = performance.now();
  let still = started;
  let top = section.getBoundingClientRect().top;
  let frame = 0;
  const stop = () => {
    cancelAnimationFrame(frame);
    for (const type of PERSON_INPUT) removeEventListener(type, stop, true);
  };
  const check = (now: number) => {
    const current = section.getBoundingClientRect().top;
    if (Math.abs(current - top) > 1) {
      section.scrollIntoView({ block: 'start' });
      top = section.getBoundingClientRect().top;
      still = now;
    }
    if (now - still > STILL_MS || now - started > LONGEST_MS) stop();
    else frame = requestAnimationFrame(check);
  };
  for (const type of PERSON_INPUT) addEventListener(type, stop, { capture: true, passive: true });
  frame = requestAnimationFrame(check);
  return stop;
}
