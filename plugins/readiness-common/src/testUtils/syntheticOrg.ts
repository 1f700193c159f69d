/*
 * A seeded synthetic organisation for the engine benchmark: groups four
 * levels deep, users, domains, systems, components and resources with a mix
 * of readiness annotations (some malformed), portal answers, pushed results
 * and role assignments, and the CatalogLookup the backend would build.
 * Deterministic: the same seed gives the same organisation (no Math.random).
 * The parts are generated in a fixed order from one seeded stream.
 */
import { Entity } from '@backstage/catalog-model';
import {
  CatalogLookup,
  OrgStructure,
  ReadinessAnswer,
  ReadinessModel,
  ReadinessRoleAssignment,
} from '..';
import { seedRandom } from './seededRandom';
import { syntheticCatalog, syntheticStructure } from './syntheticCatalog';
import { syntheticContext } from './syntheticContext';
import {
  generateDomains,
  generateParts,
  generateSystems,
} from './syntheticEntities';
import { generateGroups, generateUsers } from './syntheticGroups';
import { generateStoredRecords } from './syntheticRecords';

export interface SyntheticOrg {
  groups: Entity[];
  users: Entity[];
  domains: Entity[];
  systems: Entity[];
  /** Systems, components and resources: what the backend scores. */
  scored: Entity[];
  portalAnswers: Map<string, ReadinessAnswer[]>;
  portalRoles: Map<string, ReadinessRoleAssignment[]>;
  pushedResults: Map<string, ReadinessAnswer[]>;
  catalog: CatalogLookup;
  structure: OrgStructure;
}

export function generateOrg(
  model: ReadinessModel,
  total: number,
  seed: number,
): SyntheticOrg {
  seedRandom(seed);
  const ns = 'default';
  const { groups, groupRefs } = generateGroups(ns);
  const teams = groupRefs[3];
  const areas = groupRefs[2];
  const { users, membersOf } = generateUsers(teams, ns);
  const domains = generateDomains(groupRefs[1], ns);

  const systemCount = Math.max(1, Math.round(total * 0.04));
  const resourceCount = Math.round(total * 0.2);
  const componentCount = total - systemCount - resourceCount;

  const ctx = syntheticContext(model, ns, teams, areas, membersOf);
  const { systems: systemLiterals, systemTeams } = generateSystems(
    ctx,
    systemCount,
    domains.length,
  );
  const { parts: partLiterals, lifecycles } = generateParts(
    ctx,
    {
      components: componentCount,
      resources: resourceCount,
      users: users.length,
    },
    systemTeams,
  );

  // The backend gets entities as JSON from the catalog API: give the engine
  // objects of the same shape (JSON.parse), not literals built in code.
  const { systems, parts }: { systems: Entity[]; parts: Entity[] } = JSON.parse(
    JSON.stringify({ systems: systemLiterals, parts: partLiterals }),
  );
  const scored = [...systems, ...parts];

  const { portalAnswers, portalRoles, pushedResults } = generateStoredRecords(
    ctx,
    scored,
  );
  const catalog = syntheticCatalog(
    ctx,
    { groups, users, domains, scored },
    lifecycles,
  );
  const structure = syntheticStructure(groups, systems, domains, ns);

  return {
    groups,
    users,
    domains,
    systems,
    scored,
    portalAnswers,
    portalRoles,
    pushedResults,
    catalog,
    structure,
  };
}
