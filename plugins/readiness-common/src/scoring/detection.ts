import { Entity } from '@backstage/catalog-model';
import { DetectorFinding, ReadinessDetector } from '../detectors';
import { COST_TABLE_CHECKS, CostTable, costFindings } from '../cost';
import { ScoringContext } from './scoringInput';
import { isEvidenceUrl } from '../annotationGrammar';

const COST_CHECK_IDS: ReadonlySet<string> = new Set(
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
 * The automatic evidence an entity carries about itself: its cost table and
 * what the registered detectors find, for the model's checks only.
 */
export class Detection {
  private readonly detectors: ReadinessDetector[];
  private readonly detectorsByCheck = new Map<string, ReadinessDetector[]>();

  constructor(
    detectors: ReadinessDetector[],
    private readonly checkIndex: ReadonlyMap<string, number>,
  ) {
    this.detectors = detectors.filter(d =>
      d.checkIds.some(id => checkIndex.has(id)),
    );
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
      for (const finding of detector.detect(entity, context)) {
        const index = this.checkIndex.get(finding.checkId);
        if (index !== undefined && !findings[index]) {
          findings[index] = withServableEvidence(finding);
        }
      }
    }
    return findings;
  }
}
