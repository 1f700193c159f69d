import { readSeedDocument } from '../../__testUtils__/seedDocument';
import { parseSeedDocument } from './document';
import { originOf, resolveSeedReference, seedIndex } from '.';
import { verifySeedDocument } from './verify';

const seed = readSeedDocument();
const seedRevision = seedIndex.revisions.find(
  r => r.id === seedIndex.seedRevision,
)!;

/** The seed with one line changed by `edit` (return null to drop the line). */
function edited(edit: (line: string) => string | null): string {
  return seed
    .split('\n')
    .map(edit)
    .filter((l): l is string => l !== null)
    .join('\n');
}

describe('reading the seed document', () => {
  const sections = parseSeedDocument(seed);

  it('finds its headings, with the quick checklist numbered 1–6 and 8–15', () => {
    expect(sections.map(s => `${'#'.repeat(s.depth)} ${s.heading}`)).toEqual([
      '# Moving to Production',
      '## Introduction',
      '## Scalability',
      '## Resiliency',
      '## Recoverability',
      '## Monitoring and Logging',
      '## Support',
      '## Organisation',
      '## Cost',
      '# Quick Checklist (for IBM Cloud)',
    ]);
    const checklist = sections.find(s => s.heading.startsWith('Quick'))!;
    expect(checklist.numbered.map(n => n.number)).toEqual([
      1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15,
    ]);
    expect(checklist.bullets).toEqual([]);
  });

  it('numbers bullets by position, sub-bullets under their bullet', () => {
    const resiliency = sections.find(s => s.heading === 'Resiliency')!;
    expect(resiliency.bullets.map(b => b.path)).toEqual([
      '1',
      '2',
      '2.1',
      '2.2',
      '3',
      '3.1',
    ]);
    expect(resiliency.bullets[0].text).toBe('Any single points of failure');
    const scalability = sections.find(s => s.heading === 'Scalability')!;
    expect(scalability.bullets).toEqual([]);
  });

  it('ignores list-like lines in code blocks', () => {
    const parsed = parseSeedDocument(
      '## A\n- one\n```\n- not a bullet\n1. not an item\n```\n- two\n',
    );
    expect(parsed[0].bullets.map(b => b.path)).toEqual(['1', '2']);
    expect(parsed[0].numbered).toEqual([]);
  });
});

describe('verifying the index against a seed document', () => {
  it('passes on the seed', () => {
    expect(verifySeedDocument(seed, seedRevision)).toEqual([]);
  });

  it('fails when the document lacks a numbered item the index names', () => {
    const problems = verifySeedDocument(
      edited(l => (l.startsWith('13. ') ? null : l)),
      seedRevision,
    );
    expect(problems).toEqual([
      'the index names item 13 of "# Quick Checklist (for IBM Cloud)", which the document does not have',
    ]);
  });

  it('fails when the document has a numbered item the index does not list', () => {
    const problems = verifySeedDocument(
      `${seed.trimEnd()}\n16. Rotate the on-call rota.\n`,
      seedRevision,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^the document has item 16 in "# Quick Checklist \(for IBM Cloud\)" \(line \d+\) that the index does not list$/,
    );
  });

  it('fails on the seed’s missing item 7 filled in, and on a number written twice', () => {
    const withSeven = edited(l =>
      l.startsWith('8. ') ? `7. Something new.\n${l}` : l,
    );
    expect(verifySeedDocument(withSeven, seedRevision)).toEqual([
      expect.stringMatching(/has item 7 in .* that the index does not list/),
    ]);
    const twice = edited(l => (l.startsWith('12. ') ? `${l}\n12. Again.` : l));
    expect(verifySeedDocument(twice, seedRevision)).toEqual([
      expect.stringMatching(/numbers two items 12 in .*\(lines \d+ and \d+\)/),
    ]);
  });

  it('fails when a section is missing or added', () => {
    const withoutCost = verifySeedDocument(
      edited(l => (l === '## Cost' ? '## Costs' : l)),
      seedRevision,
    );
    expect(withoutCost).toEqual([
      'the index names section "## Cost", which the document does not have',
      expect.stringMatching(
        /^the document has section "## Costs" \(line \d+\) that the index does not list$/,
      ),
    ]);
    const withSecurity = verifySeedDocument(
      edited(l => (l === '## Cost' ? '## Security\n\n## Cost' : l)),
      seedRevision,
    );
    expect(withSecurity).toEqual([
      expect.stringMatching(/has section "## Security" \(line \d+\)/),
    ]);
  });

  it('fails when a bullet is added or a sub-bullet removed', () => {
    const added = verifySeedDocument(
      edited(l =>
        l.startsWith('- Where do things get recovered to')
          ? `${l}\n- How long may recovery take?`
          : l,
      ),
      seedRevision,
    );
    expect(added).toEqual([
      expect.stringMatching(
        /^the document has bullet 4 in "## Recoverability" \(line \d+\)/,
      ),
    ]);
    const removed = verifySeedDocument(
      edited(l => (l.includes('The architecture of your database') ? null : l)),
      seedRevision,
    );
    expect(removed).toEqual([
      'the index names bullet 2.2 of "## Resiliency", which the document does not have',
    ]);
  });

  it('tells the seed apart from the later revision the index also describes', () => {
    const later = seedIndex.revisions.find(r => r.id !== seedRevision.id)!;
    const problems = verifySeedDocument(seed, later);
    expect(problems).toContainEqual(
      'the index names section "## Security", which the document does not have',
    );
    expect(problems).toContainEqual(
      'the index names item 16 of "# Quick Checklist (for IBM Cloud)", which the document does not have',
    );
  });
});

describe('the seed index', () => {
  it('has the seed (f0191064) and its later revision (d684a747), oldest first', () => {
    expect(seedIndex.seedRevision).toBe('f0191064');
    expect(seedIndex.revisions.map(r => r.id)).toEqual([
      'f0191064',
      'd684a747',
    ]);
  });

  it('points every repeated entry at an earlier revision’s own entry', () => {
    seedIndex.revisions.forEach((revision, position) => {
      for (const entry of revision.entries.filter(e => e.sameAs)) {
        const target = resolveSeedReference(entry.sameAs!);
        expect(target).toBeDefined();
        expect(seedIndex.revisions.indexOf(target!.revision)).toBeLessThan(
          position,
        );
        expect(target!.entry.sameAs).toBeUndefined();
        expect(target!.entry.section).toBe(entry.section);
        expect(originOf(`${revision.id}:${entry.id}`)).toBe(entry.sameAs);
      }
    });
  });

  it('paraphrases the seed rather than quoting it', () => {
    const sections = parseSeedDocument(seed);
    const words = (text: string) =>
      text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    const runs = (text: string, n: number) => {
      const w = words(text);
      return new Set(
        w.slice(0, w.length - n + 1).map((_, i) => w.slice(i, i + n).join(' ')),
      );
    };
    for (const entry of seedRevision.entries) {
      const heading = seedRevision.sections.find(
        s => s.id === entry.section,
      )!.heading;
      const section = sections.find(s => s.heading === heading)!;
      const source =
        entry.number !== undefined
          ? section.numbered.find(n => n.number === entry.number)!.text
          : section.bullets.find(b => b.path === entry.bullet)!.text;
      if (entry.category) continue; // the introduction lists bare category names
      const quoted = [...runs(entry.paraphrase, 6)].filter(run =>
        runs(source, 6).has(run),
      );
      expect({ entry: entry.id, quoted }).toEqual({
        entry: entry.id,
        quoted: [],
      });
    }
  });
});
