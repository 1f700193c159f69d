import {
  alice,
  base,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/*
 * GET /export sends whatever is stored; an organisation with more answers
 * or roles than POST /import takes by default raises the limits in
 * `readiness.backup`, so its backups can be restored.
 */
describe('POST /import within readiness.backup', () => {
  /** A backend whose database has cart's answer, and that backup with `count` answers. */
  async function setup(backup?: object) {
    const { api } = await startBackend(
      backup ? { config: { readiness: { backup } } } : {},
    );
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', alice)
      .send({ status: 'met', note: 'kept', version: 0 })
      .expect(200);
    const exported = (
      await api.get(`${base}/export`).set('Authorization', carol).expect(200)
    ).body;
    const withAnswers = (count: number, note = '') => ({
      ...exported,
      answers: Array.from({ length: count }, (_, i) => ({
        ...exported.answers[0],
        entityRef: `component:default/svc-${i}`,
        note: `${note}${i}`,
      })),
    });
    const importing = (body: object) =>
      api.post(`${base}/import`).set('Authorization', carol).send(body);
    const storedNotes = async () =>
      (
        await api.get(`${base}/export`).set('Authorization', carol)
      ).body.answers.map((a: any) => a.note);
    return { withAnswers, importing, storedNotes };
  }

  it('refuses more records than maxImportRecords, naming the list, and keeps what was stored', async () => {
    const limited = await setup({ maxImportRecords: 2 });
    const refused = await limited.importing(limited.withAnswers(3));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Invalid import: answers: at most 2 records (readiness.backup.maxImportRecords)',
    );
    expect(await limited.storedNotes()).toEqual(['kept']);
    await limited.importing(limited.withAnswers(2)).expect(200);

    // The default takes the three.
    const byDefault = await setup();
    await byDefault.importing(byDefault.withAnswers(3)).expect(200);
    expect(await byDefault.storedNotes()).toHaveLength(3);
  });

  it('refuses a body over maxImportMegabytes with a 413 that names the setting', async () => {
    const limited = await setup({ maxImportMegabytes: 1 });
    // About 1.5 MB: 1,000 answers with notes of 1,500 characters.
    const large = limited.withAnswers(1000, 'n'.repeat(1490));
    expect(JSON.stringify(large).length).toBeGreaterThan(1024 * 1024);
    const refused = await limited.importing(large);
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toBe(
      'The import body is larger than 1mb (readiness.backup.maxImportMegabytes)',
    );
    expect(await limited.storedNotes()).toEqual(['kept']);

    const raised = await setup({ maxImportMegabytes: 2 });
    await raised
      .importing(raised.withAnswers(1000, 'n'.repeat(1490)))
      .expect(200);
  });

  it('does not start with a limit out of bounds, naming it', async () => {
    await expect(
      startBackend({
        config: { readiness: { backup: { maxImportRecords: 0 } } },
      }),
    ).rejects.toThrow(/readiness\.backup\.maxImportRecords/);
  });
});
