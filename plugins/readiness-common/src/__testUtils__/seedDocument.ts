import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';

/**
 * The seed document as CI has it: ../shared/seed beside the repository
 * (READINESS_SEED_DOCUMENT overrides). Missing, the tests fail and say so —
 * the traceability tests are written from its text and cannot run without it.
 */
export const SEED_DOCUMENT_PATH =
  process.env.READINESS_SEED_DOCUMENT ??
  resolve(__dirname, '../../../../../shared/seed/moving-to-production.md');

export function readSeedDocument(): string {
  if (!existsSync(SEED_DOCUMENT_PATH)) {
    throw new Error(
      `The seed document is not at ${SEED_DOCUMENT_PATH}: put ../shared/seed beside the repository or set READINESS_SEED_DOCUMENT`,
    );
  }
  return readFileSync(SEED_DOCUMENT_PATH, 'utf8');
}
