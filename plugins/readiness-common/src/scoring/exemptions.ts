import { CheckResult, CheckStatus } from '../types';
import type { CheckExemption, ReadinessExemption } from '../exemptions/types';
import { exemptionInForce } from '../exemptions/exemptionDates';

/** The statuses an exemption in force waives: those that are failing. */
export const WAIVED: ReadonlySet<CheckStatus> = new Set([
  'partially-met',
  'not-met',
  'unknown',
  'expired',
]);

/**
 * An entity's open exemptions by check id. There is at most one open
 * exemption per check; should there be more, an approved one wins over a
 * pending one, and the later end date over the earlier.
 */
export function exemptionsByCheck(
  exemptions: ReadinessExemption[] | undefined,
): ReadonlyMap<string, ReadinessExemption> | undefined {
  if (!exemptions?.length) return undefined;
  const byCheck = new Map<string, ReadinessExemption>();
  for (const exemption of exemptions) {
    if (exemption.status === 'rejected') continue;
    const other = byCheck.get(exemption.checkId);
    if (!other || preferred(exemption, other)) {
      byCheck.set(exemption.checkId, exemption);
    }
  }
  return byCheck;
}

/** Whether `a` is the open exemption to keep over `b` (approved first, then the later end). */
function preferred(a: ReadinessExemption, b: ReadinessExemption): boolean {
  const aApproved = a.status === 'approved';
  if (aApproved !== (b.status === 'approved')) return aApproved;
  return a.endsOn > b.endsOn;
}

function summaryOf(exemption: ReadinessExemption): CheckExemption {
  const summary: CheckExemption = {
    id: exemption.id,
    status: exemption.status,
    reasonCode: exemption.reasonCode,
    reasonText: exemption.reasonText,
    endsOn: exemption.endsOn,
    requestedBy: exemption.requestedBy,
    requestedAt: exemption.requestedAt,
  };
  if (exemption.decidedBy) summary.decidedBy = exemption.decidedBy;
  if (exemption.decidedAt) summary.decidedAt = exemption.decidedAt;
  return summary;
}

/**
 * A check's result with its exemption applied at `now`. An approved
 * exemption before its end day waives a failing check: `exempt`, no points
 * and out of the denominator like N/A, blocking no level. A pending one
 * changes nothing (the check still counts as failing) but is shown; an
 * approved one whose end day has come is gone: the check counts again. A
 * new object is returned, as results may be shared frozen ones.
 */
export function withExemption(
  result: CheckResult,
  exemption: ReadinessExemption | undefined,
  now: number,
): CheckResult {
  if (!exemption || exemption.status === 'rejected') return result;
  const inForce = exemptionInForce(exemption, now);
  if (exemption.status === 'approved' && !inForce) return result;
  const exempted: CheckResult = { ...result, exemption: summaryOf(exemption) };
  if (inForce && WAIVED.has(result.status)) {
    exempted.status = 'exempt';
    exempted.points = null;
  }
  return exempted;
}
