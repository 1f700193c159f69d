import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, launchBrowser, openAs, OUTPUT } from '../lib/portal.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the Readiness tab shows the score the API computes', async () => {
  const { scorecard } = await api('/entities/component/default/payments-api');
  const page = await openAs(
    browser,
    undefined,
    '/catalog/default/component/payments-api/readiness',
  );
  const score = page.getByTestId('readiness-score');
  await score.waitFor({ timeout: 60_000 });
  assert.equal((await score.textContent()).trim(), `${scorecard.score}%`);

  // The status chips' words are readable on their paper (WCAG 1.4.3: 4.5:1).
  const contrasts = await page.evaluate(() => {
    const rgba = css => {
      const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
      return { r, g, b, a };
    };
    const paperOf = element => {
      for (let e = element; e; e = e.parentElement) {
        const colour = rgba(getComputedStyle(e).backgroundColor);
        if (colour.a > 0) return colour;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const luminance = ({ r, g, b }) =>
      [r, g, b]
        .map(c => c / 255)
        .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    return [...document.querySelectorAll('.MuiChip-label')]
      .filter(label =>
        /^(Met|Not met|Partially met|Exempt)$/.test(label.textContent),
      )
      .map(label => {
        const paper = paperOf(label);
        const text = rgba(getComputedStyle(label).color);
        // The text blended over its paper.
        const blend = key => text.a * text[key] + (1 - text.a) * paper[key];
        const [l1, l2] = [
          luminance({ r: blend('r'), g: blend('g'), b: blend('b') }),
          luminance(paper),
        ].sort((a, b) => b - a);
        return { label: label.textContent, ratio: (l1 + 0.05) / (l2 + 0.05) };
      });
  });
  assert.ok(contrasts.length > 0, 'the tab shows status chips');
  for (const { label, ratio } of contrasts) {
    assert.ok(
      ratio >= 4.5,
      `"${label}" has a contrast of ${ratio.toFixed(2)}:1`,
    );
  }
  await page.screenshot({
    path: path.join(OUTPUT, 'smoke-readiness-tab.png'),
    fullPage: true,
  });
});
