import {
  buildReadinessModel,
  catalogDetectors,
  entityRefOf,
  ReadinessEngine,
  toRollupMember,
  UpcomingImpactBuilder,
} from '@prodready/plugin-readiness-common';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { demoOrganisation } from '../__testUtils__/demoOrganisation';

/** The day the demo's check was staged: a fixed clock, not today's date. */
const STAGED_ON = new Date('2026-12-01T12:00:00Z');

describe("the demo portal's staged check", () => {
  const appConfig = parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../app-config.demo.yaml'),
      'utf8',
    ),
  );
  const model = buildReadinessModel({ config: appConfig.readiness });
  const engine = new ReadinessEngine(model, catalogDetectors);
  const entities = demoOrganisation();
  const refs = new Set(entities.map(entityRefOf));
  const catalog = {
    exists: (ref: string) => refs.has(ref),
    groupMemberCount: () => 3,
    groupMembers: () => undefined,
    lifecycleOf: () => undefined,
  };

  it('is a valid check about three months ahead of the day it was staged', () => {
    const staged = model.checks.filter(c => c.effectiveFrom);
    expect(staged.map(c => [c.id, c.effectiveFrom])).toEqual([
      ['security.sbom', '2027-03-01'],
    ]);
  });

  it('is upcoming on the demo components and previews who drops a level', () => {
    const builder = new UpcomingImpactBuilder(model);
    // What each kind shows for the check: `<status> <effectiveFrom>`, or none.
    const shown = new Map<string, Set<string>>();
    for (const entity of entities.filter(e => engine.appliesTo(e.kind))) {
      const scorecard = engine.score({ entity }, { now: STAGED_ON, catalog });
      const sbom = scorecard.checks.find(c => c.checkId === 'security.sbom');
      if (!shown.has(entity.kind)) shown.set(entity.kind, new Set());
      shown
        .get(entity.kind)!
        .add(sbom ? `${sbom.status} ${sbom.upcoming?.effectiveFrom}` : 'none');
      builder.add(toRollupMember(scorecard));
    }
    expect(
      Object.fromEntries([...shown].map(([kind, set]) => [kind, [...set]])),
    ).toEqual({
      Component: ['upcoming 2027-03-01'],
      System: ['none'],
      Resource: ['none'],
    });
    const [impact] = builder.build(STAGED_ON).impacts;
    expect(impact.effectiveFrom).toBe('2027-03-01');
    // Components at Silver or Gold today fall below Silver with no SBOM.
    expect(impact.dropOutOf.silver).toBeGreaterThan(0);
  });
});
