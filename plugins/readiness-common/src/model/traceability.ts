import { ReadinessCheck, ReadinessModel, SeedReference } from '../types';
import { originOf, seedIndex, seedLocationOf, seedReference } from './seed';

/*
 * The traceability tables of the package README, generated from the model.
 * A test compares them with the README, so the documentation cannot drift
 * from the checklist: when the model changes, the failing test prints the
 * rows to paste.
 */

const escapeCell = (value: string) => value.replace(/\|/g, '\\|');

/**
 * The checks that trace to an entry of the seed index, directly or through
 * the entry it repeats (`sameAs`).
 */
export function checksTracing(
  model: ReadinessModel,
  ref: SeedReference,
): ReadinessCheck[] {
  const origin = originOf(ref);
  return model.checks.filter(c =>
    c.seedRefs?.some(r => originOf(r) === origin),
  );
}

/** Category id → title → number of checks → number of gate checks. */
export function categoryRows(model: ReadinessModel): string[] {
  return [
    '| Category | Title | Checks | Gate checks |',
    '|---|---|---|---|',
    ...model.categories.map(category => {
      const checks = model.checks.filter(c => c.category === category.id);
      return [
        '',
        `\`${category.id}\``,
        escapeCell(category.title),
        String(checks.length),
        String(checks.filter(c => c.gate).length),
        '',
      ]
        .join(' | ')
        .trim();
    }),
  ];
}

/** Level id → what it means → its gate checks. */
export function levelRows(model: ReadinessModel): string[] {
  return [
    '| Level | Means | Its gate checks |',
    '|---|---|---|',
    ...model.levels.map(level =>
      [
        '',
        `\`${level.id}\``,
        escapeCell(level.description ?? level.title),
        model.checks
          .filter(c => c.gate && c.level === level.id)
          .map(c => `\`${c.id}\``)
          .join(', ') || '—',
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
}

/** Check id → title → seed refs → gate/level → expiry → roles. */
export function checkTraceabilityRows(model: ReadinessModel): string[] {
  return [
    '| Check id | Title | Traced to (revision:entry) | Gate / level | Expires | Roles |',
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

/**
 * Each entry of each revision of the seed index → where it sits, what it
 * asks, and the checks covering it (the reverse direction). The
 * introduction's list of categories maps to model categories instead.
 */
export function seedCoverageRows(model: ReadinessModel): string[] {
  return [
    '| Revision | Where | Entry | Asks (our words) | Checks |',
    '|---|---|---|---|---|',
    ...seedIndex.revisions.flatMap(revision =>
      revision.entries.map(entry => {
        const ref = seedReference(revision, entry);
        let covered: string;
        if (entry.category) {
          covered = model.categories.some(c => c.id === entry.category)
            ? `category \`${entry.category}\``
            : '**none**';
        } else {
          covered =
            checksTracing(model, ref)
              .map(c => `\`${c.id}\``)
              .join(', ') || '**none**';
        }
        return [
          '',
          revision.id,
          escapeCell(seedLocationOf(revision, entry)),
          entry.id,
          escapeCell(entry.paraphrase),
          covered,
          '',
        ]
          .join(' | ')
          .trim();
      }),
    ),
  ];
}

/** Whether a role is required, and of which entities when only of some. */
function requiredCell(role: ReadinessModel['roles'][number]): string {
  if (!role.required) return 'no';
  const when = role.requiredWhen;
  if (!when) return 'yes';
  const marks = [
    ...(when.annotations ?? []).map(a => `\`${a}: "true"\``),
    ...(when.tags ?? []).map(t => `tag \`${t}\``),
  ];
  const unless = (when.unlessNotApplicable ?? []).map(c => `\`${c}\``);
  return [
    marks.length ? `where marked (${marks.join(' or ')})` : 'yes',
    unless.length ? `, unless ${unless.join(' or ')} is N/A` : '',
  ].join('');
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
        escapeCell(requiredCell(role)),
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
