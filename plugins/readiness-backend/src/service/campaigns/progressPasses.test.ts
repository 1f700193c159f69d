import { createTestDatabases } from '../../__testUtils__/databases';
import { componentScorecard } from '../../__testUtils__/scorecards';
import { storeOn } from '../../__testUtils__/computation';
import {
  campaignServiceOn,
  storeSilverCampaign,
} from '../../__testUtils__/campaigns';
import { statementsOf } from '../../__testUtils__/statements';
import { toScorecardRow } from '../scorecardRow';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/*
 * A campaign's progress from scratch reads each stored scorecard once (at
 * 100,000 entities each pass over the scorecards reads 100,000 members),
 * and takes the counts per owner from the rows it wrote.
 */
describe.each(databases.eachSupportedId())(
  'campaign progress from scratch on %p',
  id => {
    it('reads the scorecards once and counts each owner', async () => {
      const knex = await databases.init(id);
      const store = await storeOn(knex);
      const owned = [
        ['cart', 'group:default/payments', 'silver'],
        ['search', 'group:default/search', 'bronze'],
        ['ledger', 'group:default/payments', 'bronze'],
        ['orphan', undefined, 'bronze'],
      ] as const;
      await store.transaction(tx =>
        store.putScorecards(
          tx,
          owned.map(([name, owner, level]) => {
            const ref = `component:default/${name}`;
            return toScorecardRow(
              componentScorecard(ref, { owner, level }),
              ref,
            );
          }),
        ),
      );
      await storeSilverCampaign(store);

      const statements = await statementsOf(knex, () =>
        campaignServiceOn(store).recomputeAll(),
      );

      const memberReads = statements.filter(s =>
        /select .*[`"]member[`"].* from [`"]readiness_scorecards[`"]/s.test(
          s.sql,
        ),
      );
      expect(memberReads).toHaveLength(1);
      const counts = await knex('readiness_campaign_groups')
        .where('campaign_id', 'silver')
        .orderBy('group_ref')
        .select('group_ref', 'total', 'done');
      expect(
        counts.map(c => [c.group_ref, Number(c.total), Number(c.done)]),
      ).toEqual([
        ['', 4, 1],
        ['group:default/payments', 2, 1],
        ['group:default/search', 1, 0],
      ]);
    });
  },
);
