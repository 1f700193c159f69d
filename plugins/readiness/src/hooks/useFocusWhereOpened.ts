import { useLayoutEffect } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** How long after closing a removal of what focus went back to is mended. */
const WATCH_MS = 3000;

/**
 * For a dialog whose action can remove what opened it (a Remove or Delete
 * button, a row): when it closes and focus went nowhere, focus goes to the
 * first control of the nearest container of that opener still shown (its
 * row, its list, its card), not to the top of the page; also when the
 * opener goes a moment later (a list reloads). Where it stays, the
 * dialog's own focus return stands.
 */
export function useFocusWhereOpened() {
  useLayoutEffect(() => {
    const containers: HTMLElement[] = [];
    for (
      let element = (document.activeElement as HTMLElement | null)
        ?.parentElement;
      element && element !== document.body;
      element = element.parentElement
    ) {
      containers.push(element);
    }
    const lost = () =>
      !document.activeElement || document.activeElement === document.body;
    const refocus = () => {
      const container = containers.find(element => element.isConnected);
      container?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    };
    return () => {
      // After the dialog's own focus return and the re-render that closed
      // it; then for a while, as a list it reloads can remove the opener
      // that focus went back to.
      setTimeout(() => {
        if (lost()) {
          refocus();
          return;
        }
        const observer = new MutationObserver(() => {
          if (!lost()) return;
          observer.disconnect();
          refocus();
        });
        observer.observe(document.body, { childList: true, subtree: true });
        setTimeout(() => observer.disconnect(), WATCH_MS);
      });
    };
  }, []);
}
