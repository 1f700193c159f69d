/*
 * The README's readiness badge: a flat, shields-style SVG saying the level
 * and score an entity reached. Written by selfAssessment.test.ts from the
 * scorecard the real backend computed, never by hand.
 */

const LEVEL_COLOURS: Record<string, string> = {
  bronze: '#a0612c',
  silver: '#6c7a89',
  gold: '#b8860b',
};
const NO_LEVEL_COLOUR = '#c0392b';
const LABEL_COLOUR = '#555';

/** Verdana 11 px is about 6.5 px a character; shields uses the same estimate. */
function textWidth(text: string): number {
  return Math.round(text.length * 6.5) + 10;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** What the badge says on its right: `Silver · 72.3 %`, `no level · 61.5 %`. */
export function badgeMessage(options: {
  levelTitle?: string;
  score: number | null;
}): string {
  const level = options.levelTitle ?? 'no level';
  const score =
    options.score === null ? 'not assessed' : `${options.score.toFixed(1)} %`;
  return `${level} · ${score}`;
}

/** The badge for a level (its id and title; none below the lowest) and a score. */
export function readinessBadgeSvg(options: {
  label: string;
  levelId?: string;
  levelTitle?: string;
  score: number | null;
}): string {
  const label = escapeXml(options.label);
  const message = escapeXml(badgeMessage(options));
  const colour =
    (options.levelId && LEVEL_COLOURS[options.levelId]) ?? NO_LEVEL_COLOUR;
  const left = textWidth(options.label);
  const right = textWidth(badgeMessage(options));
  const width = left + right;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${label}: ${message}">`,
    `  <title>${label}: ${message}</title>`,
    `  <rect width="${left}" height="20" fill="${LABEL_COLOUR}"/>`,
    `  <rect x="${left}" width="${right}" height="20" fill="${colour}"/>`,
    `  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `    <text x="${left / 2}" y="14">${label}</text>`,
    `    <text x="${left + right / 2}" y="14">${message}</text>`,
    `  </g>`,
    `</svg>`,
    '',
  ].join('\n');
}
