/*
 * The chart of docs/benchmarks.md: time against organisation size for both
 * tools, on logarithmic axes, drawn as SVG and rendered to PNG by Debian's
 * Chromium through playwright-core (as the end-to-end tests run it).
 */
import { chromium } from 'playwright-core';
import path from 'path';
import { BenchRun, ChartOutcome } from './report';
import { formatMs } from './rows';

interface Series {
  label: string;
  colour: string;
  dashed?: boolean;
  points: { n: number; ms: number }[];
}

const WIDTH = 960;
const HEIGHT = 500;
const MARGIN = { left: 80, right: 340, top: 50, bottom: 60 };

function seriesOf(run: BenchRun): Series[] {
  const of = (pick: (s: BenchRun['sizes'][number]) => number) =>
    run.sizes.map(s => ({ n: s.n, ms: pick(s) }));
  return [
    {
      label: 'This project: full run, cold',
      colour: '#1565c0',
      points: of(s => s.readiness.coldMs),
    },
    {
      label: 'This project: full run, nothing changed',
      colour: '#1565c0',
      dashed: true,
      points: of(s => s.readiness.unchangedMs),
    },
    {
      label: 'Tech Insights: bulk /checks/run',
      colour: '#e65100',
      points: of(s => s.techInsights.bulkMs),
    },
    {
      label: 'Tech Insights: fact retrieval + bulk run',
      colour: '#e65100',
      dashed: true,
      points: of(s => s.techInsights.factRetrievalMs + s.techInsights.bulkMs),
    },
  ];
}

/** 1, 2, 5 × powers of ten between `min` and `max`. */
function ticks(min: number, max: number) {
  const result: number[] = [];
  for (
    let p = Math.floor(Math.log10(min));
    p <= Math.ceil(Math.log10(max));
    p++
  ) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= min && v <= max) result.push(v);
    }
  }
  return result;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chartSvg(run: BenchRun): string {
  const series = seriesOf(run);
  const ns = run.sizes.map(s => s.n);
  const all = series.flatMap(s => s.points.map(p => p.ms));
  const [xMin, xMax] = [Math.min(...ns) / 1.6, Math.max(...ns) * 1.6];
  const [yMin, yMax] = [Math.min(...all) / 2, Math.max(...all) * 2];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number) =>
    MARGIN.left + (plotW * Math.log(n / xMin)) / Math.log(xMax / xMin);
  const y = (ms: number) =>
    MARGIN.top + plotH - (plotH * Math.log(ms / yMin)) / Math.log(yMax / yMin);
  const parts: string[] = [];
  for (const t of ticks(yMin, yMax)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(
        t,
      )}" y2="${y(t)}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(t) + 4}" text-anchor="end">${
        t < 1000 ? `${t} ms` : `${t / 1000} s`
      }</text>`,
    );
  }
  for (const n of ns) {
    parts.push(
      `<line x1="${x(n)}" x2="${x(n)}" y1="${MARGIN.top}" y2="${
        MARGIN.top + plotH
      }" stroke="#e0e0e0"/>`,
      `<text x="${x(n)}" y="${
        MARGIN.top + plotH + 20
      }" text-anchor="middle">${n.toLocaleString('en-US')}</text>`,
    );
  }
  series.forEach((s, i) => {
    const line = s.points
      .map((p, j) => `${j ? 'L' : 'M'}${x(p.n)},${y(p.ms)}`)
      .join(' ');
    const dash = s.dashed ? ' stroke-dasharray="7 5"' : '';
    parts.push(
      `<path d="${line}" fill="none" stroke="${s.colour}" stroke-width="2.5"${dash}/>`,
    );
    // Dashed series are labelled left of their points, solid ones right.
    const label = s.dashed
      ? { dx: -8, anchor: 'end' }
      : { dx: 8, anchor: 'start' };
    for (const p of s.points) {
      parts.push(
        `<circle cx="${x(p.n)}" cy="${y(p.ms)}" r="4" fill="${s.colour}"/>`,
        `<text x="${x(p.n) + label.dx}" y="${y(p.ms) - 8}" text-anchor="${
          label.anchor
        }" fill="${s.colour}">${formatMs(p.ms)}</text>`,
      );
    }
    const ly = MARGIN.top + 10 + i * 26;
    const lx = MARGIN.left + plotW + 24;
    parts.push(
      `<line x1="${lx}" x2="${lx + 30}" y1="${ly}" y2="${ly}" stroke="${
        s.colour
      }" stroke-width="2.5"${dash}/>`,
      `<text x="${lx + 38}" y="${ly + 4}">${escape(s.label)}</text>`,
    );
  });
  const ratio = run.sizes.map(
    s =>
      `${s.n.toLocaleString('en-US')}: ${(
        s.techInsights.bulkMs / s.readiness.coldMs
      ).toFixed(1)}×`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${
    MARGIN.left
  }" y="28" font-size="16" font-weight="bold">Time against organisation size (log–log)</text>
<rect x="${MARGIN.left}" y="${
    MARGIN.top
  }" width="${plotW}" height="${plotH}" fill="none" stroke="#9e9e9e"/>
${parts.join('\n')}
<text x="${MARGIN.left + plotW / 2}" y="${
    HEIGHT - 14
  }" text-anchor="middle">scored entities</text>
<text x="${MARGIN.left + plotW + 24}" y="${
    MARGIN.top + 130
  }">Bulk run ÷ cold full run</text>
<text x="${MARGIN.left + plotW + 24}" y="${MARGIN.top + 150}">${escape(
    ratio.join(', '),
  )}</text>
<text x="${MARGIN.left + plotW + 24}" y="${
    MARGIN.top + 176
  }" fill="#616161">Load average at start:</text>
<text x="${MARGIN.left + plotW + 24}" y="${
    MARGIN.top + 194
  }" fill="#616161">${escape(run.loadAverageAtStart)}</text>
</svg>`;
}

/** Renders the chart to `file` (PNG); on failure says why, and the document says so. */
export async function renderChart(
  run: BenchRun,
  file: string,
): Promise<ChartOutcome> {
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const page = await browser.newPage({
      deviceScaleFactor: 2,
      viewport: { width: WIDTH, height: HEIGHT },
    });
    await page.setContent(
      `<html><body style="margin:0">${chartSvg(run)}</body></html>`,
    );
    await page.locator('svg').screenshot({ path: file });
    console.log(`Wrote ${file}`);
    return { file: path.basename(file) };
  } catch (error) {
    console.error(`Could not render the chart: ${error}`);
    return {
      error: `Chromium could not render it (${String(error).split('\n')[0]})`,
    };
  } finally {
    await browser?.close();
  }
}
