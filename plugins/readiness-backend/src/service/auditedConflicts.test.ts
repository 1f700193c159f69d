import { alice, carol, cart, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('a write refused as stale, in the audit log', () => {
  it("is recorded as a failure that names the conflict, without the stored record's free text", async () => {
    const { api, audit } = await startBackend();
    const answer = `${cart}/answers/support.runbooks`;
    await api
      .put(answer)
      .set('Authorization', alice)
      .send({ status: 'met', note: 's3cret-note of alice', version: 0 })
      .expect(200);
    // Carol writes from the version she saw before Alice's answer.
    const { body } = await api
      .put(answer)
      .set('Authorization', carol)
      .send({ status: 'not-met', version: 0 })
      .expect(409);
    // The caller, who may read the entity, is shown what is stored.
    expect(JSON.stringify(body)).toContain('s3cret-note');

    const [failed] = audit.filter(
      e => e.eventId === 'answer-update' && e.outcome === 'failure',
    );
    expect(failed.error).toMatchObject({ name: 'ConflictError' });
    // The auditor logs every own field of the error it is given.
    const logged = JSON.stringify({
      ...failed.error,
      message: failed.error?.message,
      meta: failed.meta,
    });
    expect(logged).not.toContain('s3cret-note');
  });
});
