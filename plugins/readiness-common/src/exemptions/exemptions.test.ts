import {
  parseReadinessModelConfig,
  ReadinessConfigError,
} from '../model/config';
import { exemptionRequestSchema } from './requests';

describe('readiness.exemptions', () => {
  it('defaults maxDays to 180 and takes a configured one', () => {
    expect(parseReadinessModelConfig({}).exemptions).toEqual({ maxDays: 180 });
    expect(
      parseReadinessModelConfig({ exemptions: { maxDays: 30 } }).exemptions,
    ).toEqual({ maxDays: 30 });
  });

  it.each([0, 1.5, 'long', 4000])(
    'rejects maxDays %j at startup, naming the path',
    maxDays => {
      let error: unknown;
      try {
        parseReadinessModelConfig({ exemptions: { maxDays } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ReadinessConfigError);
      expect((error as ReadinessConfigError).problems.join('\n')).toContain(
        'readiness.exemptions.maxDays',
      );
    },
  );
});

describe('exemptionRequestSchema', () => {
  const valid = {
    checkId: 'security.pen-test',
    reasonCode: 'accepted-risk',
    reasonText: 'Signed off by the CISO',
    endsOn: '2027-03-01',
  };

  it('accepts a request with a reason code of the list, a text and a date', () => {
    expect(exemptionRequestSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    [{ reasonCode: 'because' }, 'reasonCode'],
    [{ reasonText: '   ' }, 'reasonText'],
    [{ endsOn: '1 March' }, 'endsOn'],
    [{ endsOn: '2027-02-30' }, 'endsOn'],
    [{ extra: true }, 'extra'],
  ])('rejects %j, naming %s', (over, field) => {
    const result = exemptionRequestSchema.safeParse({ ...valid, ...over });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toContain(field);
  });
});
