/**
 * How every popover and dropdown of the app closes: Escape closes it and gives the focus back to
 * the button that opened it; a press outside it, or the focus moving out of it, closes it. Attach
 * it to the element that holds both the button and the panel, so a press on the button stays the
 * button's own toggle:
 *
 *   <div {@attach dismissable(() => open, () => (open = false))}> <button aria-expanded={open}>…
 *   <details {@attach dismissable()}> <summary>…
 *
 * A `<details>` needs no arguments: its `open` property is the state.
 */
import type { Attachment } from 'svelte/attachments';

/** The element that opened the popover: the one with `aria-expanded`, or a `<summary>`. */
function triggerOf(root: HTMLElement): HTMLElement | null {
  return root.querySelector<HTMLElement>('[aria-expanded], summary');
}

/** Closes the popover held by the element on Escape, an outside press or focus leaving it. */
export function dismissable(isOpen?: () => boolean, close?: () => void): Attachment<HTMLElement> {
  return (root) => {
    const details = root instanceof HTMLDetailsElement ? root : null;
    const opened = () => (details ? details.open : (isOpen?.() ?? false));
    const shut = () => {
      if (details) details.open = false;
      else close?.();
    };

    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !opened()) return;
      event.preventDefault();
      const hadFocus = root.contains(document.activeElement);
      shut();
      if (hadFocus || document.activeElement === document.body) triggerOf(root)?.focus();
    };
    const onPress = (event: PointerEvent) => {
      if (opened() && !root.contains(event.target as Node)) shut();
    };
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      // Null: the focus went nowhere (a press on plain text inside the panel, or the window).
      if (next && !root.contains(next) && opened()) shut();
    };

    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPress, true);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPress, true);
      root.removeEventListener('focusout', onFocusOut);
    };
  };
}
