/*
 * The project scores itself: this repository's catalog-info.yaml, loaded with
 * the demo organisation the way the demo portal loads both (file locations in
 * the real catalog backend), scored by the real readiness backend with the
 * integrations module and the demo's `readiness` configuration (its staged
 * check among it), as the demo scores it. It checks the levels that
 * docs/self-assessment.md claims, the gate checks that keep each entity from
 * the next level, that no staged check will take a level away, that every
 * answer is well formed and every check answered, that the roles are held by
 * the organisation's (demo) users, and that every evidence link names a file
 * of this repository and, with an #anchor, one of its headings. It also
 * keeps docs/readiness-badge.svg in step:
 *
 *   cd packages/backend && UPDATE_READINESS_BADGE=1 CI=true npx backstage-cli package test src/selfAssessment
 *
 * Answers that expire (the restore test after 90 days, the access review
 * after 90) make this test fail once they do: that is the point, as the
 * README would otherwise claim a level the portal no longer shows. So does
 * the day a staged check starts to count (the demo's security.sbom from
 * 2027-03-01) if it adds a gate the claims below do not name.
 */

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import {
  EntityScorecard,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { readinessBadgeSvg } from './readinessBadge';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../../..');
const CATALOG_INFO = path.join(ROOT, 'catalog-info.yaml');
const DEMO_ORGANISATION = path.join(ROOT, 'examples/all.yaml');
const BADGE = path.join(ROOT, 'docs/readiness-badge.svg');
const SYSTEM = 'system:default/readiness-scorecards';

/** The check the demo stages, and the day it starts to count. */
const STAGED_CHECK = { id: 'security.sbom', effectiveFrom: '2027-03-01' };

/**
 * What docs/self-assessment.md claims for each entity: the level reached, and
 * the gate checks missing for the next level. The level holds on the day the
 * staged check starts to count too (see the test of upcoming outcomes).
 */
const CLAIMS: Record<string, { level: string | null; blockers: string[] }> = {
  [SYSTEM]: {
    level: null,
    blockers: ['monitoring.metrics', 'recoverability.backups'],
  },
  'component:default/plugin-readiness-backend': {
    level: null,
    blockers: ['monitoring.metrics', 'recoverability.backups'],
  },
  'component:default/plugin-readiness': {
    level: null,
    blockers: ['monitoring.metrics'],
  },
  'component:default/plugin-readiness-common': {
    level: 'bronze',
    blockers: ['support.support-model'],
  },
  'component:default/plugin-readiness-node': {
    level: 'bronze',
    blockers: ['support.support-model'],
  },
  'component:default/plugin-readiness-backend-module-integrations': {
    level: 'bronze',
    blockers: ['scalability.load-test', 'support.support-model'],
  },
  'component:default/readiness-cli': {
    level: 'bronze',
    blockers: ['support.support-model'],
  },
  'component:default/plugin-search-backend-module-readiness': {
    level: null,
    blockers: ['monitoring.metrics'],
  },
};

/**
 * The demo's `readiness` configuration (app-config.demo.yaml over
 * app-config.yaml, as `npm start` merges them): its checks, staged check and
 * campaigns, which decide the scores. Its schedules and notice interval are
 * left out: they only time the demo's background tasks.
 */
async function demoReadinessConfig(): Promise<JsonObject> {
  const { appConfigs } = await loadConfig({
    configRoot: ROOT,
    configTargets: ['app-config.yaml', 'app-config.demo.yaml'].map(file => ({
      path: path.join(ROOT, file),
    })),
  });
  const readiness = ConfigReader.fromConfigs(appConfigs)
    .getConfig('readiness')
    .get<JsonObject>();
  const {
    schedule: _schedule,
    notifications: _notifications,
    ...rest
  } = readiness;
  return rest;
}

/**
 * The anchors GitHub gives a Markdown file's headings: the heading's text in
 * lower case, without punctuation, spaces as hyphens, and `-1`, `-2`, ... for
 * repeats. Headings in fenced code blocks are none.
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      continue;
    }
    const heading = fence
      ? null
      : /^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '');
    const slug = text
      .trim()
      .toLocaleLowerCase('en-US')
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const repeats = seen.get(slug) ?? 0;
    seen.set(slug, repeats + 1);
    anchors.add(repeats ? `${slug}-${repeats}` : slug);
  }
  return anchors;
}

/** Entities of a catalog file, following Location targets as the catalog does. */
function entitiesOf(file: string): Entity[] {
  const results = [
    ...parseEntityYaml(fs.readFileSync(file), { type: 'file', target: file }),
  ];
  return results.flatMap(result => {
    if (result.type === 'error') throw result.error;
    if (result.type !== 'entity') return [];
    const { entity } = result;
    if (entity.kind !== 'Location') return [entity];
    const targets = (entity.spec?.targets as string[] | undefined) ?? [];
    return targets.flatMap(t =>
      entitiesOf(path.resolve(path.dirname(file), t)),
    );
  });
}

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/** Relations the engine's catalog lookups rely on, from the entities as written. */
function expectedRelations(entities: Entity[]): Map<string, string[]> {
  const expected = new Map<string, string[]>(entities.map(e => [refOf(e), []]));
  for (const e of entities) {
    if (e.kind !== 'User') continue;
    for (const group of (e.spec?.memberOf as string[] | undefined) ?? []) {
      const groupRef = `group:default/${group}`.toLocaleLowerCase('en-US');
      expected.get(refOf(e))!.push(`memberOf ${groupRef}`);
      expected.get(groupRef)?.push(`hasMember ${refOf(e)}`);
    }
  }
  for (const e of entities) {
    if (typeof e.spec?.owner === 'string') {
      expected.get(refOf(e))!.push('ownedBy');
    }
  }
  return expected;
}

describe("the project's own readiness", () => {
  const entities = [
    ...entitiesOf(DEMO_ORGANISATION),
    ...entitiesOf(CATALOG_INFO),
  ];
  const own = entitiesOf(CATALOG_INFO);
  let get: <T>(url: string, init?: RequestInit) => Promise<T>;
  let scorecards: Map<string, EntityScorecard>;
  let model: ReadinessModel;

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        require('@backstage/plugin-catalog-backend').default,
        require('@prodready/plugin-readiness-backend').default,
        require('@prodready/plugin-readiness-backend-module-integrations')
          .default,
        // The demo's catalog section of app-config.demo.yaml, with the file
        // targets made absolute (the demo resolves them from packages/backend),
        // and its readiness section.
        mockServices.rootConfig.factory({
          data: {
            readiness: await demoReadinessConfig(),
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                  ],
                },
              ],
              locations: [DEMO_ORGANISATION, CATALOG_INFO].map(target => ({
                type: 'file',
                target,
              })),
            },
          },
        }),
      ],
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const authorization = mockCredentials.user.header('user:default/carol');
    get = async (url, init) => {
      const res = await fetch(`${base}${url}`, {
        ...init,
        headers: { authorization, 'content-type': 'application/json' },
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return res.status === 202 ? (undefined as never) : res.json();
    };

    // The catalog processes the files in the background: wait until every
    // entity is there with the relations membership and ownership give it.
    const expected = expectedRelations(entities);
    const refs = [...expected.keys()];
    for (let attempt = 0; ; attempt++) {
      const { items } = await get<{ items: (Entity | null)[] }>(
        '/api/catalog/entities/by-refs',
        { method: 'POST', body: JSON.stringify({ entityRefs: refs }) },
      );
      const ready = items.every((item, i) => {
        const relations = (item?.relations ?? []).map(r =>
          r.type === 'ownedBy' ? r.type : `${r.type} ${r.targetRef}`,
        );
        return item && expected.get(refs[i])!.every(r => relations.includes(r));
      });
      if (ready) break;
      if (attempt > 240)
        throw new Error('the catalog did not finish processing');
      await new Promise(resolve => setTimeout(resolve, 500));
    }

    await get('/api/readiness/compute', { method: 'POST' });
    model = await get<ReadinessModel>('/api/readiness/model');
    scorecards = new Map();
    for (const entity of own) {
      const { kind, metadata } = entity;
      const { scorecard } = await get<{ scorecard: EntityScorecard }>(
        `/api/readiness/entities/${kind.toLocaleLowerCase('en-US')}/default/${
          metadata.name
        }`,
      );
      scorecards.set(refOf(entity), scorecard);
    }
  });

  it('scores the System and every component of catalog-info.yaml', () => {
    expect([...scorecards.keys()].sort()).toEqual(Object.keys(CLAIMS).sort());
  });

  it("scores with the demo's readiness configuration, its staged check included", () => {
    expect(model.checks.find(c => c.id === STAGED_CHECK.id)).toMatchObject({
      gate: true,
      level: 'silver',
      appliesTo: ['component'],
      effectiveFrom: STAGED_CHECK.effectiveFrom,
    });
  });

  it.each(Object.entries(CLAIMS))(
    '%s reaches the level claimed, kept from the next by the gates named',
    (ref, claim) => {
      const scorecard = scorecards.get(ref)!;
      expect(scorecard.notAssessed).toBeUndefined();
      expect(scorecard.level).toBe(claim.level);
      expect(scorecard.nextLevel?.missingChecks.slice().sort()).toEqual(
        claim.blockers.slice().sort(),
      );
    },
  );

  it('keeps each level claimed on the day each staged check starts to count', () => {
    for (const [ref, scorecard] of scorecards) {
      const outcomes = (scorecard.upcoming ?? []).map(o => ({
        ref,
        effectiveFrom: o.effectiveFrom,
        level: o.level,
      }));
      expect(outcomes).toEqual(
        outcomes.map(o => ({ ...o, level: CLAIMS[ref].level })),
      );
    }
    // Before its day the staged check is upcoming on every component, so
    // the outcomes above include its day.
    const staged = Date.now() < Date.parse(STAGED_CHECK.effectiveFrom);
    const withoutItsDay = [...scorecards]
      .filter(([ref]) => staged && ref.startsWith('component:'))
      .filter(
        ([, scorecard]) =>
          !(scorecard.upcoming ?? []).some(
            o =>
              o.effectiveFrom === STAGED_CHECK.effectiveFrom &&
              o.checks.includes(STAGED_CHECK.id),
          ),
      )
      .map(([ref]) => ref);
    expect(withoutItsDay).toEqual([]);
  });

  it('answers every check, in well-formed annotations', () => {
    for (const [ref, scorecard] of scorecards) {
      expect({ ref, problems: scorecard.problems }).toEqual({
        ref,
        problems: [],
      });
      const unanswered = scorecard.checks
        .filter(c => c.source === 'none' || c.status === 'expired')
        .map(c => `${c.checkId} (${c.status})`);
      expect({ ref, unanswered }).toEqual({ ref, unanswered: [] });
    }
  });

  it('has its roles held by users of the (demo) organisation, without problems', () => {
    // It keeps personal data (who answered, reviewed, holds roles), so a
    // Data Controller is required of the System.
    const dataController = scorecards
      .get(SYSTEM)!
      .roles.find(r => r.roleId === 'data-controller');
    expect(dataController).toMatchObject({
      required: true,
      holders: ['user:default/helena'],
    });
    for (const [ref, scorecard] of scorecards) {
      const problems = [
        ...scorecard.roles.flatMap(r => r.problems),
        ...scorecard.roleHealth,
      ];
      expect({ ref, problems }).toEqual({ ref, problems: [] });
      const roles = scorecard.checks.find(
        c => c.checkId === 'organisation.roles-assigned',
      );
      expect(roles?.status).toBe('met');
      const ownership = scorecard.checks.find(
        c => c.checkId === 'organisation.ownership',
      );
      expect(ownership?.status).toBe('met');
    }
  });

  it('meets every gate check it meets on evidence in this repository', () => {
    const gates = new Set(model.checks.filter(c => c.gate).map(c => c.id));
    for (const [ref, scorecard] of scorecards) {
      const withoutEvidence = scorecard.checks
        .filter(c => gates.has(c.checkId) && c.status === 'met')
        .filter(c => c.source === 'annotation' || c.source === 'inherited')
        .filter(c => !c.answer?.evidenceUrl)
        .map(c => c.checkId);
      expect({ ref, withoutEvidence }).toEqual({ ref, withoutEvidence: [] });
    }
  });

  it('links evidence only to files that exist in this repository', () => {
    const system = own.find(e => refOf(e) === SYSTEM)!;
    const sourceLocation =
      system.metadata.annotations?.['backstage.io/source-location'] ?? '';
    expect(sourceLocation).toMatch(/^url:https:\/\/.+\/$/);
    const repository = sourceLocation.slice('url:'.length);
    const links = new Set(
      [...scorecards.values()].flatMap(s =>
        s.checks.flatMap(c => c.answer?.evidenceUrl ?? []),
      ),
    );
    expect(links.size).toBeGreaterThan(10);
    const missing = [...links].filter(link => {
      if (!link.startsWith(repository)) return true;
      const file = decodeURIComponent(
        link.slice(repository.length).replace(/[#?].*$/, ''),
      );
      const resolved = path.resolve(ROOT, file);
      return (
        !resolved.startsWith(`${ROOT}${path.sep}`) ||
        !fs.existsSync(resolved) ||
        !fs.statSync(resolved).isFile()
      );
    });
    expect(missing).toEqual([]);

    // An #anchor must name a heading of the Markdown file it points into.
    const badAnchors = [...links].filter(link => {
      const anchor = /#(.*)$/.exec(link)?.[1];
      if (anchor === undefined) return false;
      const file = decodeURIComponent(
        link.slice(repository.length).replace(/[#?].*$/, ''),
      );
      if (!file.endsWith('.md')) return true;
      const markdown = fs.readFileSync(path.resolve(ROOT, file), 'utf8');
      return !headingAnchors(markdown).has(decodeURIComponent(anchor));
    });
    expect(badAnchors).toEqual([]);
  });

  it('shows its level and score in docs/readiness-badge.svg', () => {
    const scorecard = scorecards.get(SYSTEM)!;
    const level = model.levels.find(l => l.id === scorecard.level);
    const svg = readinessBadgeSvg({
      label: 'readiness',
      levelId: level?.id,
      levelTitle: level?.title,
      score: scorecard.score,
    });
    if (process.env.UPDATE_READINESS_BADGE) {
      fs.writeFileSync(BADGE, svg);
    }
    expect(fs.existsSync(BADGE) ? fs.readFileSync(BADGE, 'utf8') : '').toBe(
      svg,
    );
  });
});
