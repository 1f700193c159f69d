import {
  EntityScorecard,
  RollupMember,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { createHash } from 'crypto';
import { ScorecardRowInput } from '../database/ReadinessStore';

/**
 * What is stored for a scorecard, and its fingerprint: a hash of the full
 * scorecard without `computedAt` (a column of its own) and of the entity
 * etag. It lets a full run skip rows whose content did not change, and tells
 * whether a scorecard built again on read is the one that was stored.
 */
export function toScorecardRow(
  scorecard: EntityScorecard,
  entityEtag: string | undefined,
  member: RollupMember = toRollupMember(scorecard),
): ScorecardRowInput {
  const fingerprint = createHash('sha1')
    .update(JSON.stringify({ ...scorecard, computedAt: undefined }))
    .update(entityEtag ?? '')
    .digest('hex');
  return { scorecard, member, entityEtag, fingerprint };
}
