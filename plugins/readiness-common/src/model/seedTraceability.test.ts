import { readSeedDocument } from '../__testUtils__/seedDocument';
import { buildReadinessModel } from './buildModel';
import { defaultChecks } from './checks';
import { resolveSeedReference, seedIndex, seedReference } from './seed';
import { parseSeedDocument } from './seed/document';
import { checksTracing } from './traceability';

/*
 * The checks against the seed document itself (../shared/seed), not against
 * the model's own list: every item the document has must lead to a check,
 * and every trace of a check must land on an item that says what the check
 * asks, in the revision it really comes from.
 */

const model = buildReadinessModel();
const seed = readSeedDocument();
const sections = parseSeedDocument(seed);
const original = seedIndex.revisions.find(
  r => r.id === seedIndex.seedRevision,
)!;
const later = seedIndex.revisions.filter(r => r !== original);

/** The text of the seed document where an entry of the seed revision sits. */
function textAt(entryId: string): string | undefined {
  const entry = original.entries.find(e => e.id === entryId)!;
  const heading = original.sections.find(s => s.id === entry.section)!.heading;
  const section = sections.find(s => s.heading === heading);
  return entry.number !== undefined
    ? section?.numbered.find(n => n.number === entry.number)?.text
    : section?.bullets.find(b => b.path === entry.bullet)?.text;
}

/**
 * Words the seed uses for what each check asks. A check tracing into the
 * seed revision must land on an item using them; a check whose words the
 * seed never uses cannot trace into it (it comes from a later revision).
 */
const seedWords: Record<string, RegExp> = {
  'scalability.sizing': /size of your/i,
  'scalability.load-test': /load generator/i,
  'scalability.autoscaling': /change the size|auto scal/i,
  'scalability.scalable-integration':
    /content delivery|communication architecture/i,
  'resiliency.availability-target': /availability/i,
  'resiliency.single-points-of-failure': /single points of failure/i,
  'resiliency.multi-region': /cities or countries/i,
  'resiliency.database-architecture': /database/i,
  'resiliency.dependency-ha': /resiliency of any cloud service|out of the box/i,
  'resiliency.resume-after-failure': /where it left off/i,
  'monitoring.audit-trail': /activity tracker|what just happened/i,
  'monitoring.metrics': /key metrics/i,
  'monitoring.centralised-logs': /log analysis/i,
  'monitoring.cloud-telemetry': /log and metric data|emitting data/i,
  'monitoring.platform-health': /a cloud to manage and monitor/i,
  'monitoring.alerting': /monitoring|right level to support/i,
  'recoverability.backups': /backed up/i,
  'recoverability.restore-test': /recovery of that backup|backup test/i,
  'recoverability.recovery-strategy': /level of recoverability/i,
  'recoverability.disaster-roles': /who does what|coordinate a recovery/i,
  'recoverability.recovery-location': /recovered to/i,
  'recoverability.dr-plan': /plan for disaster recovery|who does what/i,
  'recoverability.dr-test': /disaster recovery (plan )?test/i,
  'support.support-model': /who supports what/i,
  'support.open-source': /open source/i,
  'support.deprecation-watch': /deprecation|being upgraded/i,
  'support.runbooks': /who supports what|how do they do that/i,
  'organisation.ownership': /roles and responsibilities/i,
  'organisation.roles-assigned':
    /roles and responsibilities|minimum viable organisation/i,
  'organisation.data-controller': /data controller/i,
  'organisation.change-management': /change management/i,
  'organisation.problem-management': /problem (and change )?management/i,
  'cost.baseline-cost': /no users|1 user/i,
  'cost.growth-curve': /1,000,000/i,
  'cost.people-cost': /people costs/i,
  'security.access-review': /revalidation of min required access/i,
  'security.account-security': /review security of cloud account/i,
  'security.starters-leavers': /starters and leavers/i,
  'security.tls-certificates': /certificate/i,
  'security.vulnerability-scanning': /scanning/i,
  'security.secrets-management': /secret/i,
  'security.pen-test': /penetration/i,
};

describe('every item of the seed document leads to a check', () => {
  const locations = sections.flatMap(section => {
    const indexed = original.sections.find(
      s => s.heading === section.heading && s.depth === section.depth,
    );
    const entries = original.entries.filter(e => e.section === indexed?.id);
    return [
      ...section.numbered.map(item => ({
        where: `${section.heading} ${item.number}`,
        entries: entries.filter(e => e.number === item.number),
      })),
      ...section.bullets.map(bullet => ({
        where: `${section.heading} • ${bullet.path}`,
        // A bullet that only introduces sub-bullets is asked through them.
        entries: entries.filter(
          e =>
            e.bullet === bullet.path || e.bullet?.startsWith(`${bullet.path}.`),
        ),
      })),
    ];
  });

  it.each(locations.map(l => [l.where, l.entries] as const))(
    '%s',
    (_, entries) => {
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        const covered = entry.category
          ? model.categories.map(c => c.id).filter(id => id === entry.category)
          : checksTracing(model, seedReference(original, entry)).map(c => c.id);
        expect({ entry: entry.id, covered }).toEqual({
          entry: entry.id,
          covered: expect.arrayContaining([expect.any(String)]),
        });
      }
    },
  );

  it('and so does every entry of the later revisions', () => {
    const uncovered = later.flatMap(revision =>
      revision.entries
        .filter(e =>
          e.category
            ? !model.categories.some(c => c.id === e.category)
            : checksTracing(model, seedReference(revision, e)).length === 0,
        )
        .map(e => seedReference(revision, e)),
    );
    expect(uncovered).toEqual([]);
  });
});

describe('every check traces to where it comes from', () => {
  it('has words from the seed for every check (a new check needs some)', () => {
    expect(Object.keys(seedWords).sort()).toEqual(
      defaultChecks.map(c => c.id).sort(),
    );
  });

  it.each(defaultChecks.map(c => [c.id, c.seedRefs ?? []] as const))(
    '%s',
    (id, refs) => {
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        const resolved = resolveSeedReference(ref);
        expect({ ref, resolved: !!resolved }).toEqual({ ref, resolved: true });
        // Traces name where a question first appeared, not its repetitions.
        expect({ ref, sameAs: resolved!.entry.sameAs }).toEqual({
          ref,
          sameAs: undefined,
        });
      }
      const intoSeed = refs.filter(r => r.startsWith(`${original.id}:`));
      for (const ref of intoSeed) {
        const text = textAt(ref.slice(original.id.length + 1));
        expect({ ref, text }).toEqual({
          ref,
          text: expect.stringMatching(seedWords[id]),
        });
      }
      // Traced only into a later revision: the seed must not ask it anywhere.
      // (Traced into the seed: the words are there, as checked above.)
      expect(intoSeed.length > 0 || !seedWords[id].test(seed)).toBe(true);
    },
  );

  it('traces the later revision’s Security checks and scalable integration to that revision, not to the seed’s items 13 and 10', () => {
    for (const id of [
      'security.tls-certificates',
      'security.vulnerability-scanning',
      'security.secrets-management',
      'security.pen-test',
      'scalability.scalable-integration',
    ]) {
      const refs = defaultChecks.find(c => c.id === id)!.seedRefs!;
      expect(refs.every(r => r.startsWith('d684a747:'))).toBe(true);
    }
  });

  it('asks what item 13 says beyond access, what the monitoring section says about the platform, and item 10’s resizing', () => {
    const askedBy = (pattern: RegExp) =>
      defaultChecks.filter(
        c =>
          c.seedRefs?.some(r => {
            const text = r.startsWith(`${original.id}:`)
              ? textAt(r.slice(original.id.length + 1))
              : undefined;
            return text !== undefined && pattern.test(text);
          }) && pattern.test(seed),
      );
    const text = (id: string) => {
      const check = defaultChecks.find(c => c.id === id)!;
      return `${check.title} ${check.question}`;
    };
    const account = askedBy(/review security of cloud account/i).map(c => c.id);
    expect(account).toContain('security.account-security');
    expect(text('security.account-security')).toMatch(
      /security configuration of the cloud account/,
    );
    const platform = askedBy(/a cloud to manage and monitor/i).map(c => c.id);
    expect(platform).toContain('monitoring.platform-health');
    expect(text('monitoring.platform-health')).toMatch(
      /health of the cloud platform/,
    );
    const resize = askedBy(/change the size/i).map(c => c.id);
    expect(resize).toContain('scalability.autoscaling');
    expect(text('scalability.autoscaling')).toMatch(/resized/i);
  });
});
