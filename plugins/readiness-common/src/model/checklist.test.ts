import { readFileSync } from 'fs';
import { resolve } from 'path';
import { checkAnnotationKey, roleAnnotationKey } from '../annotations';
import { buildReadinessModel } from './buildModel';
import { defaultCategories } from './categories';
import { defaultChecks } from './checks';
import { defaultLevels } from './levels';
import { defaultRoles } from './roles';
import {
  categoryRows,
  checkTraceabilityRows,
  levelRows,
  markedSection,
  roleRows,
  seedCoverageRows,
  tableCells,
} from './traceability';

const model = buildReadinessModel();
const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

describe('the default checklist', () => {
  it('has at least 28 checks with unique, stable ids of the form <category>.<name>', () => {
    expect(defaultChecks.length).toBeGreaterThanOrEqual(28);
    const ids = defaultChecks.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of defaultChecks) {
      expect(check.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(check.id.startsWith(`${check.category}.`)).toBe(true);
    }
  });

  it('keeps every annotation name within 63 characters', () => {
    const nameOf = (key: string) => key.slice(key.indexOf('/') + 1);
    for (const check of defaultChecks) {
      expect(nameOf(checkAnnotationKey(check.id)).length).toBeLessThanOrEqual(
        63,
      );
    }
    for (const role of defaultRoles) {
      expect(nameOf(roleAnnotationKey(role.id)).length).toBeLessThanOrEqual(63);
    }
  });

  it('gives every check a category, wording, weight, gate, level, kinds and roles', () => {
    const categoryIds = defaultCategories.map(c => c.id);
    const levelIds = defaultLevels.map(l => l.id);
    const roleIds = defaultRoles.map(r => r.id);
    for (const check of defaultChecks) {
      expect(categoryIds).toContain(check.category);
      expect(check.title.trim()).not.toBe('');
      expect(check.question.trim()).toMatch(/\?$/);
      expect(check.guidance.trim().length).toBeGreaterThan(20);
      expect(check.weight).toBeGreaterThan(0);
      expect(typeof check.gate).toBe('boolean');
      expect(levelIds).toContain(check.level);
      expect(check.appliesTo.length).toBeGreaterThan(0);
      for (const kind of check.appliesTo) {
        expect(['component', 'system', 'resource']).toContain(kind);
      }
      expect(check.roles.length).toBeGreaterThan(0);
      for (const role of check.roles) {
        expect(roleIds).toContain(role);
      }
    }
  });

  it('has checks in all eight categories and gate checks at every level', () => {
    expect(defaultCategories.map(c => c.id)).toEqual([
      'scalability',
      'resiliency',
      'monitoring',
      'recoverability',
      'support',
      'organisation',
      'cost',
      'security',
    ]);
    for (const category of defaultCategories) {
      expect(defaultChecks.some(c => c.category === category.id)).toBe(true);
    }
    expect(defaultLevels.map(l => l.id)).toEqual(['bronze', 'silver', 'gold']);
    for (const level of defaultLevels) {
      expect(defaultChecks.some(c => c.gate && c.level === level.id)).toBe(
        true,
      );
    }
  });

  it('expires the answers of repeated activities: restore test, DR test, access review, load test', () => {
    const expiry = (id: string) =>
      defaultChecks.find(c => c.id === id)?.expiresAfterDays;
    expect(expiry('recoverability.restore-test')).toBe(90);
    expect(expiry('recoverability.dr-test')).toBe(365);
    expect(expiry('security.access-review')).toBe(90);
    expect(expiry('scalability.load-test')).toBe(365);
    expect(expiry('monitoring.metrics')).toBeUndefined();
  });

  it('scores organisation.roles-assigned from role health, not answers', () => {
    const scoredByRoles = defaultChecks.filter(
      c => c.scoredBy === 'role-health',
    );
    expect(scoredByRoles.map(c => c.id)).toEqual([
      'organisation.roles-assigned',
    ]);
  });
});

// Traceability to the seed document: seedTraceability.test.ts and seed/.

describe('the roles', () => {
  it('are the eleven Minimum Viable Organisation roles plus a Data Controller', () => {
    expect(defaultRoles.map(r => r.id)).toEqual([
      'cto',
      'security',
      'architect',
      'devops-lead',
      'product-manager',
      'developer',
      'dba',
      'sysadmin',
      'change-manager',
      'test-manager',
      'problem-manager',
      'data-controller',
    ]);
    for (const role of defaultRoles) {
      expect(role.id).toMatch(/^[a-z-]+$/);
      expect(role.title.trim()).not.toBe('');
      expect(role.responsibility.trim().length).toBeGreaterThan(20);
      expect(typeof role.required).toBe('boolean');
    }
    // Only the DB administrator is optional (fully managed databases).
    expect(defaultRoles.filter(r => !r.required).map(r => r.id)).toEqual([
      'dba',
    ]);
  });

  it('are each responsible for the checks that name them, and every role for at least one', () => {
    for (const role of model.roles) {
      expect(role.checks).toEqual(
        model.checks.filter(c => c.roles.includes(role.id)).map(c => c.id),
      );
      expect(role.checks.length).toBeGreaterThan(0);
    }
  });
});

describe('the package README', () => {
  // When one of these fails, paste the expected rows into the README
  // (column alignment does not matter).
  const table = (name: string) => markedSection(readme, name).map(tableCells);

  it('has the categories table of the model', () => {
    expect(table('categories-table')).toEqual(
      categoryRows(model).map(tableCells),
    );
  });

  it('has the levels table of the model', () => {
    expect(table('levels-table')).toEqual(levelRows(model).map(tableCells));
  });

  it('has the check traceability table of the model', () => {
    expect(table('checks-table')).toEqual(
      checkTraceabilityRows(model).map(tableCells),
    );
  });

  it('has the seed coverage table of the model', () => {
    expect(table('seed-table')).toEqual(
      seedCoverageRows(model).map(tableCells),
    );
  });

  it('has the roles table of the model', () => {
    expect(table('roles-table')).toEqual(roleRows(model).map(tableCells));
  });

  it('reads table rows whatever their alignment', () => {
    expect(tableCells('| `a.b` | x \\| y |  z  |')).toEqual([
      '`a.b`',
      'x \\| y',
      'z',
    ]);
    expect(tableCells('| :--- | ---: |')).toEqual(['---', '---']);
  });
});
