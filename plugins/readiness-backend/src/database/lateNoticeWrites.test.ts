import { storeOn } from '../__testUtils__/computation';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const CART = 'component:default/cart';
const EARLY = '2026-12-02T08:00:00.000Z';
const LATE = '2026-12-02T08:30:00.000Z';
const NOTICE = {
  kind: 'role-unassigned',
  scope: `${CART}:role:owner`,
  period: '',
  entityRef: CART,
};

/*
 * Two instances' sweep passes overlap when the scheduler stops one at its
 * timeout and another starts: the stopped pass's last writes can land
 * after the later pass's. The later evaluation's must stay, or forgetting
 * takes a notice that still holds for one no evaluation found since.
 */
describe.each(databases.eachSupportedId())('late notice writes on %s', id => {
  it('leave a notice the check of the later evaluation that found it', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    await store.markNoticesCurrent([NOTICE], LATE);
    await store.markNoticesCurrent([NOTICE], EARLY);
    expect(
      await knex('readiness_notices_sent').select('sent_at', 'checked_at'),
    ).toEqual([{ sent_at: LATE, checked_at: LATE }]);
  });

  // A pass that could not evaluate a page keeps its entities' notices.
  it('of a pass that kept a page it could not evaluate leave a later check', async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    await store.markNoticesCurrent([NOTICE], LATE);
    await store.keepNoticesOf([CART], EARLY);
    expect(await knex('readiness_notices_sent').select('checked_at')).toEqual([
      { checked_at: LATE },
    ]);
  });

  it("leave an entity the later evaluation's key", async () => {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    await store.noticeEvaluations.putKeys(
      new Map([[CART, { key: 'later' }]]),
      LATE,
    );
    await store.noticeEvaluations.putKeys(
      new Map([[CART, { key: 'earlier', validUntil: LATE }]]),
      EARLY,
    );
    expect(
      await knex('readiness_notice_evaluations').select(
        'evaluation_key',
        'evaluated_at',
        'valid_until',
      ),
    ).toEqual([
      { evaluation_key: 'later', evaluated_at: LATE, valid_until: null },
    ]);
  });
});
