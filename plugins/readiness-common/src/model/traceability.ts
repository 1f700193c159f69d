import { ReadinessModel } from '../types';
import { seedItems } from './seed';

/*
 * The traceability tables of the package README, generated from the model.
 * A test compares them with the README, so the documentation cannot drift
 * from the checklist: when the model changes, the failing test prints the
 * rows to paste.
 */

const escapeCell = (value: string) => value.replace(/\|/g, '\\|');

/** Check id → title → seed refs → gate/level → expiry → roles. */
export function checkTraceabilityRows(model: ReadinessModel): string[] {
  return [
    '| Check id | Title | Seed items | Gate / level | Expires | Roles |',
    '|---|---|---|---|---|---|',
    ...model.checks.map(check =>
      [
        '',
        `\`${check.id}\``,
        escapeCell(check.title),
        (check.seedRefs ?? []).join(', ') || '—',
        `${check.gate ? 'gate' : '—'} / ${check.level}`,
        check.expiresAfterDays ? `${check.expiresAfterDays} days` : '—',
        check.scoredBy === 'role-health'
          ? `${check.roles.join(', ')} (scored from role health)`
          : check.roles.join(', '),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
}

/** Seed item → the checks covering it (the reverse direction). */
export function seedCoverageRows(model: ReadinessModel): string[] {
  return [
    '| Seed item | Text (paraphrased) | Checks |',
    '|---|---|---|',
    ...Object.entries(seedItems).map(([id, text]) =>
      [
        '',
        id,
        escapeCell(text),
        model.checks
          .filter(c => c.seedRefs?.includes(id))
          .map(c => `\`${c.id}\``)
          .join(', ') || '**none**',
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
}

/** Role id → title → required → responsibility → checks. */
export function roleRows(model: ReadinessModel): string[] {
  return [
    '| Role id | Title | Required | Responsibility | Checks |',
    '|---|---|---|---|---|',
    ...model.roles.map(role =>
      [
        '',
        `\`${role.id}\``,
        escapeCell(role.title),
        role.required ? 'yes' : 'no',
        escapeCell(role.responsibility),
        role.checks.map(id => `\`${id}\``).join(', ') || '—',
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
}

/**
 * The cells of a markdown table row, trimmed, so that column alignment (as
 * Prettier writes it) does not matter; separator cells read `---`.
 */
export function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map(cell => cell.trim())
    .map(cell => (/^:?-+:?$/.test(cell) ? '---' : cell));
}

/** The lines between `<!-- name:start -->` and `<!-- name:end -->` of a markdown text. */
export function markedSection(markdown: string, name: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`<!-- ${name}:start -->`);
  const end = lines.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) {
    return [];
  }
  return lines.slice(start + 1, end).filter(line => line.trim() !== '');
}
