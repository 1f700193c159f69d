import { useLayoutEffect } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** How long after closing a removal of what focus went back to is mended. */
const WATCH_MS = 3000;

/** The controls just before and after `opener` in the page, outside its row. */
function neighboursOf(opener: HTMLElement) {
  const row = opener.closest('tr, li') ?? opener;
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const at = all.indexOf(opener);
  const outside = (e: HTMLElement) => !row.contains(e);
  return {
    after: all.slice(at + 1).find(outside),
    before: all.slice(0, Math.max(at, 0)).reverse().find(outside),
  };
}

/**
 * For a dialog whose action can remove what opened it (a Remove or Delete
 * button, a row): when the opener is gone once the dialog closed (or goes
 * a moment later, as a list reloads), focus goes to the control that took
 * its place in the nearest container still shown (its row, its list, its
 * card): the one after it, else the one before, else the container's
 * first; not to the top of the page. Where the opener stays, the dialog's
 * own focus return stands, and nothing moves focus once the user acts.
 */
export function useFocusWhereOpened() {
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    if (!opener || opener === document.body) return undefined;
    const containers: HTMLElement[] = [];
    for (
      let element = opener.parentElement;
      element && element !== document.body;
      element = element.parentElement
    ) {
      containers.push(element);
    }
    const { after, before } = neighboursOf(opener);
    const lost = () =>
      !document.activeElement || document.activeElement === document.body;
    /** Focuses where the opener was; false while nothing there can take it. */
    const refocus = () => {
      const container = containers.find(element => element.isConnected);
      if (!container) return false;
      const near = [after, before].find(
        e => e?.isConnected && container.contains(e),
      );
      const target = near ?? container.querySelector<HTMLElement>(FOCUSABLE);
      target?.focus();
      return !!target && document.activeElement === target;
    };
    return () => {
      // After the dialog's own focus return and the re-render that closed it.
      setTimeout(() => {
        // Gone with the close; or, while a list reloads (a spinner in its
        // place), when the next change brings something to focus.
        if (lost() && !opener.isConnected && refocus()) return;
        // Focus went back to the opener: mend it only if a reload removes
        // the opener (or nothing had the focus), and not once the user
        // clicks or types.
        const returned = lost() ? null : document.activeElement;
        const observer = new MutationObserver(() => {
          // The whole view went (the page changed): nothing to mend.
          if (!containers.some(element => element.isConnected)) stop();
          else if (returned?.isConnected || !lost()) return;
          else if (refocus()) stop();
        });
        const timer = setTimeout(() => stop(), WATCH_MS);
        function stop() {
          observer.disconnect();
          clearTimeout(timer);
          document.removeEventListener('pointerdown', stop, true);
          document.removeEventListener('keydown', stop, true);
        }
        document.addEventListener('pointerdown', stop, true);
        document.addEventListener('keydown', stop, true);
        observer.observe(document.body, { childList: true, subtree: true });
      });
    };
  }, []);
}
