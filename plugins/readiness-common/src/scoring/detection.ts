import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { DetectorFinding, ReadinessDetector } from '../detectors';
import { COST_TABLE_CHECKS, CostTable, costFindings } from '../cost';
import { ScoringContext } from './scoringInput';
import { AnswerStatus } from '../types';
import { isEvidenceUrl } from '../annotationGrammar';

/** The checks an entity's cost table answers. */
export const COST_CHECK_IDS: ReadonlySet<string> = new Set(
  COST_TABLE_CHECKS.map(c => c.checkId),
);

/**
 * The finding without an evidence URL the API would not take (a detector
 * may copy one from a link or annotation as it is): the finding stands.
 */
function withServableEvidence(finding: DetectorFinding): DetectorFinding {
  if (finding.evidenceUrl === undefined || isEvidenceUrl(finding.evidenceUrl)) {
    return finding;
  }
  const { evidenceUrl: _dropped, ...rest } = finding;
  return rest;
}

/**
 * A detector that threw on an entity, or gave a finding the engine cannot
 * take (not an array, a check outside its `checkIds`, an unknown status, a
 * note that is not text). Its findings on that entity are left out.
 * @public
 */
export interface DetectorFailure {
  detectorId: string;
  entityRef: string;
  error: Error;
}

const DETECTOR_STATUSES: ReadonlySet<unknown> = new Set<AnswerStatus>([
  'met',
  'partially-met',
  'not-met',
  'not-applicable',
]);

/** What makes a detector's finding unusable, or undefined when it is fine. */
function findingProblem(
  finding: DetectorFinding | undefined,
  checkIds: ReadonlySet<string>,
): string | undefined {
  if (typeof finding !== 'object' || finding === null) {
    return 'a finding is not an object';
  }
  const { checkId, status, note, evidenceUrl } = finding;
  if (!checkIds.has(checkId)) {
    return `a finding names check '${String(checkId).slice(
      0,
      100,
    )}', which is not one of its checkIds`;
  }
  if (!DETECTOR_STATUSES.has(status)) {
    return `a finding of ${checkId} has status '${String(status).slice(
      0,
      40,
    )}', not one of ${[...DETECTOR_STATUSES].join(', ')}`;
  }
  if (typeof note !== 'string') return `a finding of ${checkId} has no note`;
  if (evidenceUrl !== undefined && typeof evidenceUrl !== 'string') {
    return `a finding of ${checkId} has an evidenceUrl that is not text`;
  }
  return undefined;
}

/**
 * The automatic evidence an entity carries about itself: its cost table and
 * what the registered detectors find, for the model's checks only. A
 * detector contributed by another module cannot stop scoring: when it fails
 * on an entity, its findings there are left out and `onFailure` is told.
 */
export class Detection {
  private readonly detectors: ReadinessDetector[];
  private readonly detectorsByCheck = new Map<string, ReadinessDetector[]>();
  private readonly checkIdsOf = new Map<ReadinessDetector, Set<string>>();

  constructor(
    detectors: ReadinessDetector[],
    private readonly checkIndex: ReadonlyMap<string, number>,
    private readonly onFailure: (failure: DetectorFailure) => void = () => {},
  ) {
    this.detectors = detectors.filter(d =>
      d.checkIds.some(id => checkIndex.has(id)),
    );
    for (const detector of this.detectors) {
      this.checkIdsOf.set(detector, new Set(detector.checkIds));
    }
    for (const detector of this.detectors) {
      for (const checkId of detector.checkIds) {
        const list = this.detectorsByCheck.get(checkId) ?? [];
        list.push(detector);
        this.detectorsByCheck.set(checkId, list);
      }
    }
  }

  /** Whether anything automatic (the cost table or a detector) may answer a check. */
  covers(checkId: string): boolean {
    return this.detectorsByCheck.has(checkId) || COST_CHECK_IDS.has(checkId);
  }

  /**
   * What the entity's cost table and the detectors find, by check index;
   * the cost table first, then the first detector (in registration order)
   * to answer a check.
   */
  findings(
    entity: Entity,
    context: ScoringContext,
    costTable: CostTable | undefined,
  ): (DetectorFinding | undefined)[] {
    const findings: (DetectorFinding | undefined)[] = [];
    for (const finding of costTable ? costFindings(costTable) : []) {
      const index = this.checkIndex.get(finding.checkId);
      if (index !== undefined) findings[index] = finding;
    }
    for (const detector of this.detectors) {
      for (const finding of this.detect(detector, entity, context)) {
        const index = this.checkIndex.get(finding.checkId);
        if (index !== undefined && !findings[index]) {
          findings[index] = withServableEvidence(finding);
        }
      }
    }
    return findings;
  }

  /** A detector's findings on the entity; none when it fails there. */
  private detect(
    detector: ReadinessDetector,
    entity: Entity,
    context: ScoringContext,
  ): DetectorFinding[] {
    const fail = (error: Error) => {
      this.onFailure({
        detectorId: detector.id,
        entityRef: stringifyEntityRef(entity),
        error,
      });
      return [];
    };
    let found: DetectorFinding[];
    try {
      found = detector.detect(entity, context);
    } catch (error) {
      return fail(error instanceof Error ? error : new Error(String(error)));
    }
    if (!Array.isArray(found)) {
      return fail(new TypeError('detect returned no array of findings'));
    }
    const checkIds = this.checkIdsOf.get(detector)!;
    for (const finding of found) {
      const problem = findingProblem(finding, checkIds);
      if (problem) return fail(new TypeError(problem));
    }
    return found;
  }
}
