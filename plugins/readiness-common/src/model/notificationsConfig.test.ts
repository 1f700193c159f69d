import { parseReadinessModelConfig, ReadinessConfigError } from './config';

function problemsOf(raw: unknown): string[] {
  try {
    parseReadinessModelConfig(raw);
    return [];
  } catch (error) {
    return (error as ReadinessConfigError).problems;
  }
}

describe('readiness.notifications', () => {
  it('is on by default, hourly, warning 14 days before an answer expires', () => {
    const { notifications } = parseReadinessModelConfig({});
    expect(notifications).toEqual({
      enabled: true,
      intervalMinutes: 60,
      answerExpiring: { enabled: true, daysBefore: 14 },
      answerExpired: { enabled: true },
      levelDrop: { enabled: true },
      roleHolderGone: { enabled: true },
      roleUnassigned: { enabled: true },
      exemptionRequested: { enabled: true },
      exemptionDecided: { enabled: true },
      exemptionEnding: { enabled: true, daysBefore: 14 },
      campaignStart: { enabled: true },
      campaignReminder: { enabled: true, daysBefore: 7 },
      campaignOverdue: { enabled: true },
    });
  });

  it('switches kinds off one by one and sets the warning period', () => {
    const { notifications } = parseReadinessModelConfig({
      notifications: {
        answerExpiring: { daysBefore: 30 },
        levelDrop: { enabled: false },
      },
    });
    expect(notifications.answerExpiring).toEqual({
      enabled: true,
      daysBefore: 30,
    });
    expect(notifications.levelDrop.enabled).toBe(false);
    expect(notifications.roleUnassigned.enabled).toBe(true);
  });

  it('names the path of a wrong value or an unknown kind', () => {
    expect(
      problemsOf({
        notifications: {
          answerExpiring: { daysBefore: 0 },
          levelDrops: { enabled: false },
        },
      }),
    ).toEqual([
      expect.stringMatching(
        /^readiness\.notifications\.answerExpiring\.daysBefore: /,
      ),
      expect.stringMatching(/^readiness\.notifications: .*levelDrops/),
    ]);
  });
});

describe('readiness.notifications written with ${VAR} substitution', () => {
  it('reads "15", "false" and "true" as 15, false and true', () => {
    const strings = parseReadinessModelConfig({
      notifications: {
        enabled: 'true',
        intervalMinutes: '15',
        levelDrop: { enabled: 'false' },
        exemptionEnding: { enabled: 'false', daysBefore: '30' },
      },
    }).notifications;
    expect(strings).toEqual(
      parseReadinessModelConfig({
        notifications: {
          enabled: true,
          intervalMinutes: 15,
          levelDrop: { enabled: false },
          exemptionEnding: { enabled: false, daysBefore: 30 },
        },
      }).notifications,
    );
    expect(strings.intervalMinutes).toBe(15);
    expect(strings.levelDrop.enabled).toBe(false);
  });

  it('refuses other strings and out-of-bounds numbers, naming the path', () => {
    expect(
      problemsOf({
        notifications: {
          intervalMinutes: 'fifteen',
          levelDrop: { enabled: 'maybe' },
          answerExpiring: { daysBefore: '0' },
          campaignReminder: { daysBefore: '' },
        },
      }),
    ).toEqual([
      expect.stringMatching(/^readiness\.notifications\.intervalMinutes: /),
      expect.stringMatching(
        /^readiness\.notifications\.answerExpiring\.daysBefore: Too small/,
      ),
      expect.stringMatching(/^readiness\.notifications\.levelDrop\.enabled: /),
      expect.stringMatching(
        /^readiness\.notifications\.campaignReminder\.daysBefore: /,
      ),
    ]);
  });
});
