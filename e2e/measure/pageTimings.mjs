/*
 * In-page timings of the organisation page for orgPageAtScale.mjs. Times are
 * taken in the page (performance.now(), a MutationObserver for the rows,
 * the next frame for "painted"), so Playwright's own round trips are not in
 * them.
 */

const GROUP_ROWS = '[data-testid^="org-row-group:"]';
const rowOf = ref => `[data-testid="org-row-${ref}"]`;

/** Before any page script: `window.__orgTimings.firstRows` resolves when the tree's first group rows are in the DOM and painted. */
export async function installRowObserver(context) {
  await context.addInitScript(selector => {
    performance.setResourceTimingBufferSize(5000);
    // Rejects after a minute, so a request that failed (the backend
    // restarting) does not leave the measurement waiting for ever.
    const when = wanted =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${wanted} did not appear within 60 s`)),
          60_000,
        );
        const done = () => {
          clearTimeout(timer);
          const dom = performance.now();
          // The frame that shows them: rAF runs before it is painted, a
          // task queued from there runs after.
          requestAnimationFrame(() =>
            setTimeout(() => resolve({ dom, painted: performance.now() }), 0),
          );
        };
        if (document.querySelector(wanted)) {
          done();
          return;
        }
        const observer = new MutationObserver(() => {
          if (!document.querySelector(wanted)) return;
          observer.disconnect();
          done();
        });
        observer.observe(document, { childList: true, subtree: true });
      });
    window.__orgTimings = { when, firstRows: when(selector) };
  }, GROUP_ROWS);
}

/** Waits until the page's requests have settled (or 15 s passed). */
async function settle(page) {
  await page
    .waitForLoadState('networkidle', { timeout: 15_000 })
    .catch(() => {});
}

/** Navigation start → first group rows (DOM, painted), with the page's own timing entries. */
export async function loadTimes(page, url) {
  await page.goto(url, { timeout: 60_000 });
  await page.locator(GROUP_ROWS).first().waitFor({ timeout: 60_000 });
  const times = await page.evaluate(async () => {
    const rows = await window.__orgTimings.firstRows;
    const [navigation] = performance.getEntriesByType('navigation');
    const fcp = performance
      .getEntriesByType('paint')
      .find(e => e.name === 'first-contentful-paint');
    const assets = performance
      .getEntriesByType('resource')
      .filter(e => ['script', 'link', 'css'].includes(e.initiatorType));
    // What the page asked the readiness backend, in order.
    const requests = performance
      .getEntriesByType('resource')
      .filter(e => e.name.includes('/api/readiness/'))
      .map(e => ({
        path: decodeURIComponent(e.name.split('/api/readiness')[1]),
        startTime: e.startTime,
        duration: e.duration,
        responseEnd: e.responseEnd,
      }));
    const roots = requests.find(
      r => r.path.startsWith('/rollups?') && r.path.includes('parent=none'),
    );
    return {
      rowsInDom: rows.dom,
      rowsAfterAnswer: roots && rows.dom - roots.responseEnd,
      modelRequested: requests.find(r => r.path === '/model')?.startTime,
      rowsPainted: rows.painted,
      fcp: fcp?.startTime,
      domContentLoaded: navigation?.domContentLoadedEventEnd,
      scriptKb: assets.reduce((n, e) => n + e.transferSize, 0) / 1024,
      rootsRequest: roots,
      requests,
    };
  });
  await settle(page);
  const groupRows = await page.locator(GROUP_ROWS).count();
  const titles = await page.locator(`${GROUP_ROWS} a`).allTextContents();
  return {
    ...times,
    groupRows,
    firstTitles: titles.slice(0, 3),
    apiRequests: times.requests.map(r => r.path.split('?')[0]),
  };
}

/** Clicks a collapsed group's expand button in the page; click → its child's row (DOM, painted) and the children request. */
async function expandOne(page, row, child) {
  return page.evaluate(
    async ({ rowSelector, childSelector, ref }) => {
      const button = document.querySelector(
        `${rowSelector} button[aria-expanded="false"]`,
      );
      if (!button) throw new Error(`No expand button in ${rowSelector}`);
      const shown = window.__orgTimings.when(childSelector);
      const clicked = performance.now();
      button.click();
      const { dom, painted } = await shown;
      const request = performance
        .getEntriesByType('resource')
        .filter(
          e =>
            e.startTime >= clicked &&
            decodeURIComponent(e.name).includes(`parent=${ref}`),
        )
        .pop();
      return {
        dom: dom - clicked,
        painted: painted - clicked,
        // The render of the expanded row and its loading row comes first.
        requestSent: request && request.startTime - clicked,
        request: request?.duration,
        afterAnswer: request && dom - request.responseEnd,
      };
    },
    { rowSelector: rowOf(row), childSelector: rowOf(child), ref: row },
  );
}

/** Expands a division, then its first department. */
export async function expandTimes(page, expansion) {
  const division = await expandOne(
    page,
    expansion.divisionRef,
    expansion.divisionChild,
  );
  await settle(page);
  const department = await expandOne(
    page,
    expansion.divisionChild,
    expansion.departmentChild,
  );
  await settle(page);
  return { division, department };
}

/** From the catalog page, a click on Readiness in the sidebar → first group rows. */
export async function sidebarNavigationTime(page) {
  await page.goto(page.url().replace(/\/readiness.*$/, '/catalog'));
  await settle(page);
  const link = await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Readiness', exact: true })
    .elementHandle({ timeout: 60_000 });
  const times = await page.evaluate(
    async ({ element, selector }) => {
      const shown = window.__orgTimings.when(selector);
      const clicked = performance.now();
      element.click();
      const { dom, painted } = await shown;
      return { rowsInDom: dom - clicked, rowsPainted: painted - clicked };
    },
    { element: link, selector: GROUP_ROWS },
  );
  await settle(page);
  return times;
}
