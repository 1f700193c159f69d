import {
  EntityScorecard,
  RollupMember,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { createHash } from 'crypto';
import { ScorecardRowInput } from '../database/ReadinessStore';

/**
 * What is stored for a scorecard. The JSON leaves out `computedAt` (kept in
 * its own column), so the same serialisation gives the fingerprint that lets
 * a full run skip rows whose content did not change.
 */
export function toScorecardRow(
  scorecard: EntityScorecard,
  entityEtag: string | undefined,
  member: RollupMember = toRollupMember(scorecard),
): ScorecardRowInput {
  const json = JSON.stringify({ ...scorecard, computedAt: undefined });
  const fingerprint = createHash('sha1')
    .update(json)
    .update(entityEtag ?? '')
    .digest('hex');
  return { scorecard, member, entityEtag, json, fingerprint };
}
