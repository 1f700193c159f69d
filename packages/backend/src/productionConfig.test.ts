import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';

const ROOT = path.resolve(__dirname, '../../..');

/** The files as Backstage merges them, in order, each over the ones before. */
async function merged(...files: string[]) {
  const { appConfigs } = await loadConfig({
    configRoot: ROOT,
    configTargets: files.map(file => ({ path: path.join(ROOT, file) })),
  });
  return ConfigReader.fromConfigs(appConfigs);
}

describe('the configuration files', () => {
  it("give a deployment none of the demo's data, admins or tuning", async () => {
    const config = await merged(
      'app-config.yaml',
      'app-config.production.yaml',
    );
    for (const key of [
      'catalog.locations',
      'permission.adminGroups',
      'permission.readinessAdminGroups',
      'readiness.campaigns',
      'readiness.checks',
      'readiness.notifications',
      'search.collators',
      'backend.cors',
      'backend.auth.externalAccess',
      'auth.providers.guest',
      'demo',
    ]) {
      expect([key, config.getOptional(key)]).toEqual([key, undefined]);
    }
    // As the production file writes it: objects merge unit by unit, so a
    // schedule in the base file would have added its units to these.
    expect(config.get('readiness.schedule')).toEqual({
      frequency: { minutes: 30 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 1 },
    });
    // The data register's decided retention of the history, and of the
    // exemptions that are over and the portal campaigns past their
    // deadline, as long as their history.
    expect(config.get('readiness.retention')).toEqual({
      historyDays: 730,
      exemptionDays: 730,
      campaignDays: 730,
    });
  });

  it('give the demo its organisation, admins, campaigns and staged check', async () => {
    const config = await merged('app-config.yaml', 'app-config.demo.yaml');
    expect(config.getConfigArray('catalog.locations').length).toBeGreaterThan(
      0,
    );
    expect(config.getStringArray('permission.readinessAdminGroups')).toEqual([
      'group:default/readiness-admins',
    ]);
    expect(
      config.getConfigArray('readiness.campaigns').map(c => c.getString('id')),
    ).toEqual(['payments-silver', 'restore-tests']);
    expect(
      config
        .getConfigArray('readiness.checks.custom')
        .map(c => c.getString('id')),
    ).toEqual(['security.sbom']);
  });
});
