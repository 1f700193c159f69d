import { BRONZE_FOR_ALL } from '../__testUtils__/campaigns';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const CHECK = 'recoverability.restore-test';
const endsOn = new Date(Date.now() + 90 * 86_400_000)
  .toISOString()
  .slice(0, 10);

describe.each(databases.eachSupportedId())(
  'a backup of exemptions and portal campaigns, on %s',
  id => {
    async function setup() {
      const { api, audit } = await startBackend({
        knex: await databases.init(id),
        config: {
          readiness: {
            campaigns: [BRONZE_FOR_ALL],
          },
        },
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      // An approved exemption (bob holds a responsible role), a rejected
      // one after it, and a portal campaign.
      await api
        .put(`${cart}/roles/test-manager`)
        .set('Authorization', alice)
        .send({ holders: ['user:default/bob'], version: 0 })
        .expect(200);
      const ask = async () =>
        (
          await api
            .post(`${cart}/exemptions`)
            .set('Authorization', alice)
            .send({
              checkId: CHECK,
              reasonCode: 'planned-remediation',
              reasonText: 'Restore drill booked with the DBA team',
              endsOn,
            })
            .expect(201)
        ).body.exemption;
      const first = await ask();
      await api
        .post(`${cart}/exemptions/${first.id}/reject`)
        .set('Authorization', bob)
        .send({ version: 1, note: 'book it first' })
        .expect(200);
      const second = await ask();
      await api
        .post(`${cart}/exemptions/${second.id}/approve`)
        .set('Authorization', bob)
        .send({ version: 1 })
        .expect(200);
      const campaign = (
        await api
          .post(`${base}/campaigns`)
          .set('Authorization', carol)
          .send({
            title: 'Metrics everywhere',
            filter: { kinds: ['component'] },
            target: { checks: ['monitoring.metrics'] },
            deadline: '2099-12-31',
          })
          .expect(201)
      ).body.campaign;
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      return { api, audit, exported, campaign, approved: second };
    }

    /** The backup now is `exported`, but for when it was taken. */
    const expectExported = async (api: any, exported: object) => {
      const now = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      expect({ ...now, exportedAt: undefined }).toEqual({
        ...exported,
        exportedAt: undefined,
      });
    };

    /** Restores `body` as an admin, expecting it to be taken. */
    const restore = (api: any, body: object) =>
      api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send(body)
        .expect(200);

    /** A portal campaign as a reader sees it. */
    const campaignOf = async (api: any, campaignId: string) =>
      (
        await api
          .get(`${base}/campaigns/${campaignId}`)
          .set('Authorization', alice)
          .expect(200)
      ).body.campaign;

    const exemptionStatus = async (api: any) =>
      (
        await api.get(cart).set('Authorization', alice).expect(200)
      ).body.scorecard.checks.find((c: any) => c.checkId === CHECK).status;

    it('exports them, and a restore brings them back exactly after they were lost', async () => {
      const { api, audit, exported, campaign, approved } = await setup();
      expect(exported.exemptions.map((e: any) => e.status)).toEqual([
        'rejected',
        'approved',
      ]);
      expect(exported.exemptions[1]).toMatchObject({
        id: approved.id,
        decidedBy: 'user:default/bob',
      });
      expect(exported.campaigns).toEqual([
        expect.objectContaining({
          id: campaign.id,
          title: 'Metrics everywhere',
          createdBy: 'user:default/carol',
        }),
      ]);
      expect(await exemptionStatus(api)).toBe('exempt');

      // Lost: a backup without them replaces everything.
      await restore(api, { ...exported, exemptions: [], campaigns: [] });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      expect(await exemptionStatus(api)).not.toBe('exempt');
      await api
        .get(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', alice)
        .expect(404);

      const restored = await restore(api, exported);
      expect(restored.body).toMatchObject({ exemptions: 2, campaigns: 1 });
      expect(restored.body.notRestored).toBeUndefined();
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      expect(await exemptionStatus(api)).toBe('exempt');
      await expectExported(api, exported);
      expect(await campaignOf(api, campaign.id)).toMatchObject({
        title: 'Metrics everywhere',
        version: 1,
      });
      expect(audit).toContainEqual(
        expect.objectContaining({
          eventId: 'import-restore',
          meta: expect.objectContaining({ exemptions: 2, campaigns: 1 }),
        }),
      );
      // The history says the exemptions were restored.
      const history = (
        await api.get(`${cart}/history`).set('Authorization', alice)
      ).body.changes.filter((h: any) => h.subject === 'exemption');
      expect(history.slice(0, 2).map((h: any) => h.action)).toEqual([
        'import',
        'import',
      ]);
    });

    it('adds nothing to the history when a restore finds everything as the backup has it (a retried restore)', async () => {
      const { api, exported } = await setup();
      const historyOf = async () =>
        (await api.get(`${cart}/history`).set('Authorization', alice)).body
          .changes;
      const before = await historyOf();
      expect(before.map((h: any) => h.subject)).toEqual(
        expect.arrayContaining(['role', 'exemption']),
      );

      await restore(api, exported);
      await restore(api, exported);

      expect(await historyOf()).toEqual(before);
      await expectExported(api, exported);
    });

    it('leaves them as they are on an import that is not a restore, and says so', async () => {
      const { api, exported, campaign } = await setup();
      const moved = await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send({ ...exported, exemptions: [], campaigns: [] })
        .expect(200);
      expect(moved.body.notRestored).toEqual(['exemptions', 'campaigns']);
      expect(moved.body.exemptions).toBeUndefined();
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      expect(await exemptionStatus(api)).toBe('exempt');
      await api
        .get(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', alice)
        .expect(200);
    });

    // A check disabled since the backup: the database keeps its records,
    // so its own backup must be restorable, and they count again when it
    // comes back.
    it('restores the records of checks and roles the model no longer has, as they are, and names them', async () => {
      const { api } = await setup();
      await api
        .put(`${cart}/answers/support.runbooks`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      const backup = {
        ...exported,
        answers: [
          ...exported.answers,
          { ...exported.answers[0], checkId: 'gone.check' },
        ],
        roles: [
          ...exported.roles,
          { ...exported.roles[0], roleId: 'gone-role' },
        ],
        exemptions: [
          exported.exemptions[0],
          { ...exported.exemptions[1], checkId: 'gone.check' },
        ],
      };
      const restored = await restore(api, backup);
      expect(restored.body.outsideModel).toEqual({
        checks: ['gone.check'],
        roles: ['gone-role'],
      });
      const now = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      expect(now.answers.map((a: any) => a.checkId)).toEqual([
        'gone.check',
        'support.runbooks',
      ]);
      expect(now.roles.map((r: any) => r.roleId)).toEqual([
        'gone-role',
        'test-manager',
      ]);
      expect(now.exemptions.map((e: any) => [e.checkId, e.status])).toEqual([
        ['gone.check', 'approved'],
        [CHECK, 'rejected'],
      ]);
      // Restored again, it is the same backup.
      await restore(api, now);
      await expectExported(api, now);
    });

    it('keeps a requester from deciding, and an answerer from reviewing, a record restored with their ref spelt another way', async () => {
      const { api, exported, approved } = await setup();
      const { decidedBy, decidedAt, ...pending } = exported.exemptions.find(
        (e: { id: string }) => e.id === approved.id,
      );
      // Carol, an admin who may decide any, asked for it (a backup edited by hand).
      const asked = {
        ...pending,
        status: 'pending',
        requestedBy: 'User:Carol',
      };
      await restore(api, {
        ...exported,
        exemptions: [asked],
        answers: [
          {
            entityRef: 'component:default/cart',
            checkId: 'monitoring.alerting',
            status: 'met',
            source: 'portal',
            answeredBy: 'user:Carol',
            answeredAt: '2026-11-01T09:30:00Z',
            version: 1,
          },
        ],
      });
      const refused = await api
        .post(`${cart}/exemptions/${approved.id}/approve`)
        .set('Authorization', carol)
        .send({ version: asked.version })
        .expect(403);
      expect(refused.body.error.message).toMatch(
        /You requested this exemption/,
      );
      await api
        .post(`${cart}/answers/monitoring.alerting/review`)
        .set('Authorization', carol)
        .send({ version: 1 })
        .expect(403)
        .expect(res =>
          expect(res.body.error.message).toMatch(/You gave this answer/),
        );
      const now = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      expect(now.exemptions[0].requestedBy).toBe('user:default/carol');
      expect(now.answers[0].answeredBy).toBe('user:default/carol');
    });

    it('refuses a backup that opens two exemptions of one check, writing nothing', async () => {
      const { api, exported } = await setup();
      const twice = await api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send({
          ...exported,
          exemptions: [
            exported.exemptions[1],
            {
              ...exported.exemptions[1],
              id: '00000000-0000-4000-8000-000000000001',
            },
          ],
        })
        .expect(400);
      expect(twice.body.error.message).toMatch(
        /exemptions\.1: repeats exemptions\.0/,
      );
      await expectExported(api, exported);
    });

    it('refuses ids the portal could not address and actors with control characters, naming the field, writing nothing', async () => {
      const { api, exported } = await setup();
      const [exemption] = exported.exemptions;
      const [campaign] = exported.campaigns;
      const [role] = exported.roles;
      for (const [change, field] of [
        [{ exemptions: [{ ...exemption, id: 'x' }] }, 'exemptions.0.id'],
        [{ campaigns: [{ ...campaign, id: 'a b' }] }, 'campaigns.0.id'],
        [
          { campaigns: [{ ...campaign, createdBy: 'user:default/a\u0000' }] },
          'campaigns.0.createdBy',
        ],
        [
          { roles: [{ ...role, assignedBy: 'user:default/a\u0000' }] },
          'roles.0.assignedBy',
        ],
      ] as const) {
        const refused = await api
          .post(`${base}/import?restore=true`)
          .set('Authorization', carol)
          .send({ ...exported, ...change })
          .expect(400);
        expect(refused.body.error.message).toContain(field);
      }
      await expectExported(api, exported);
    });

    it("moves answers to a portal without the exemptions' checks, leaving exemptions and campaigns to that portal", async () => {
      const { api, exported } = await setup();
      const moved = await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send({
          ...exported,
          exemptions: exported.exemptions.map((e: any) => ({
            ...e,
            checkId: 'only-in.the-other-portal',
            decidedBy: undefined,
          })),
          campaigns: [{ ...exported.campaigns[0], id: 'not a campaign id' }],
        })
        .expect(200);
      expect(moved.body.notRestored).toEqual(['exemptions', 'campaigns']);
    });

    it('refuses a restore whose exemptions or campaigns would not hold together, writing nothing', async () => {
      const { api, exported } = await setup();
      const refused = (body: object) =>
        api
          .post(`${base}/import?restore=true`)
          .set('Authorization', carol)
          .send({ ...exported, ...body })
          .expect(400);
      const [rejected, approved] = exported.exemptions;
      const undecided = await refused({
        exemptions: [rejected, { ...approved, decidedBy: undefined }],
      });
      expect(undecided.body.error.message).toMatch(
        /exemptions\.1\.decidedBy: an approved exemption names who decided it/,
      );
      const configured = await refused({
        campaigns: [{ ...exported.campaigns[0], id: 'bronze-for-all' }],
      });
      expect(configured.body.error.message).toMatch(
        /campaigns\.0\.id: bronze-for-all is an app-config campaign's/,
      );
      const badId = await refused({
        campaigns: [{ ...exported.campaigns[0], id: 'q3 push' }],
      });
      expect(badId.body.error.message).toMatch(
        /campaigns\.0\.id: is not a campaign id/,
      );
      const unmeasurable = await refused({
        campaigns: [
          { ...exported.campaigns[0], target: { level: 'platinum-plus' } },
        ],
      });
      expect(unmeasurable.body.error.message).toMatch(/campaigns\.0\.target/);
      await expectExported(api, exported);
    });

    it('changes nothing, versions included, when the backup is restored over what it holds', async () => {
      const { api } = await setup();
      await api
        .put(`${cart}/cost`)
        .set('Authorization', alice)
        .send({
          currency: 'EUR',
          date: '2026-11-01',
          tiers: [
            { users: 0, monthlyCost: 450 },
            { users: 1000, monthlyCost: 2100 },
          ],
          version: 0,
        })
        .expect(200);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      expect(exported.costTables).toHaveLength(1);
      await restore(api, exported);
      await expectExported(api, exported);
    });

    it('keeps the version and progress of a campaign the backup holds as it is stored', async () => {
      // Made without a start date: the portal gives it today's.
      const { api, exported, campaign } = await setup();
      expect(campaign.startDate).toBeDefined();
      await restore(api, exported);
      const restored = await campaignOf(api, campaign.id);
      expect(restored).toMatchObject({ version: 1, progress: { total: 3 } });
      // An editor who saw it before the restore saves without a conflict.
      await api
        .put(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({
          title: 'Metrics everywhere',
          filter: { kinds: ['component'] },
          target: { checks: ['monitoring.metrics'] },
          deadline: '2099-06-30',
          version: 1,
        })
        .expect(200);
    });

    it('brings back a campaign changed since the backup at a newer version, with its progress computed at once', async () => {
      const { api, exported, campaign } = await setup();
      await api
        .put(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({
          title: 'Metrics everywhere, by March',
          filter: { kinds: ['component'] },
          target: { checks: ['monitoring.metrics'] },
          deadline: '2099-03-31',
          version: 1,
        })
        .expect(200);
      await restore(api, exported);
      const restored = await campaignOf(api, campaign.id);
      expect(restored).toMatchObject({
        title: 'Metrics everywhere',
        deadline: '2099-12-31',
        version: 3,
        progress: { total: 3 },
      });
      // An editor who saw version 2 is told it changed.
      await api
        .put(`${base}/campaigns/${campaign.id}`)
        .set('Authorization', carol)
        .send({
          title: 'Stale edit',
          target: { checks: ['monitoring.metrics'] },
          deadline: '2099-03-31',
          version: 2,
        })
        .expect(409);
    });
  },
);
