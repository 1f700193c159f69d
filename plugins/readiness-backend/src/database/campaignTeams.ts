import { Knex } from 'knex';
import { CAMPAIGN_TOTAL } from '@prodready/plugin-readiness-common';
import { pageWithTotal } from './storeDatabase';

const GROUPS = 'readiness_campaign_groups';
const ROLLUPS = 'readiness_rollups';

/** Which of a campaign's teams a page lists. */
export interface CampaignTeamsQuery {
  /** A team's sub-teams; without it, the top-level teams. */
  parent?: string;
  limit: number;
  offset: number;
}

/** A team's counts in a campaign, where it sits in the tree and how many sub-teams it has there. */
export interface CampaignTeamRow {
  groupRef: string;
  parent?: string;
  total: number;
  done: number;
  children: number;
}

interface Row {
  group_ref: string;
  parent_ref: string | null;
  total: number | string;
  done: number | string;
  children: number | string;
}

/**
 * A page of a campaign's teams in ref order, each placed by the group tree
 * of the stored rollups, as the organisation page places it. A campaign
 * counts an entity in its owner and every group above, so a team's parent
 * is in the campaign unless the team is at the top (or its parent has no
 * rollup): those are the top-level teams. A page of sub-teams reads the
 * children of one group by the rollups' parent index; the top level reads
 * the campaign's teams, as many as the organisation has at most.
 */
export function listCampaignTeams(
  db: Knex,
  campaignId: string,
  query: CampaignTeamsQuery,
): Promise<{ items: CampaignTeamRow[]; totalCount: number }> {
  const filtered = () => {
    const qb = db({ team: GROUPS })
      .leftJoin({ place: ROLLUPS }, join =>
        join
          .on('place.rollup_ref', 'team.group_ref')
          .andOnVal('place.kind', 'group'),
      )
      .where('team.campaign_id', campaignId)
      .whereNot('team.group_ref', CAMPAIGN_TOTAL);
    if (query.parent !== undefined) {
      return qb.where('place.parent_ref', query.parent);
    }
    return qb.where(top =>
      top
        .whereNull('place.parent_ref')
        .orWhereNotExists(
          db({ above: GROUPS })
            .select(db.raw('1'))
            .where('above.campaign_id', campaignId)
            .whereRaw('?? = ??', ['above.group_ref', 'place.parent_ref']),
        ),
    );
  };
  const children = db({ sub: GROUPS })
    .join({ subPlace: ROLLUPS }, join =>
      join
        .on('subPlace.rollup_ref', 'sub.group_ref')
        .andOnVal('subPlace.kind', 'group'),
    )
    .where('sub.campaign_id', campaignId)
    .whereRaw('?? = ??', ['subPlace.parent_ref', 'team.group_ref'])
    .count({ count: '*' });
  return pageWithTotal<Row>(
    db,
    filtered,
    qb =>
      qb
        .select(
          'team.group_ref',
          'place.parent_ref',
          'team.total',
          'team.done',
          { children },
        )
        // The same ref; a sub-team page read in the rollup's order is read
        // by the parent index (SQLite walked every team of the campaign in
        // its key's order instead of sorting the few children).
        .orderBy(
          query.parent === undefined ? 'team.group_ref' : 'place.rollup_ref',
        )
        .limit(query.limit)
        .offset(query.offset),
    query.offset,
    'subquery',
  ).then(({ rows, totalCount }) => ({
    items: rows.map(row => ({
      groupRef: row.group_ref,
      ...(row.parent_ref ? { parent: row.parent_ref } : {}),
      total: Number(row.total),
      done: Number(row.done),
      children: Number(row.children),
    })),
    totalCount,
  }));
}
