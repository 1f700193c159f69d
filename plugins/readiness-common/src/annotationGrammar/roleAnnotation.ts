import { ValidationProblem } from '../types';
import { kindOfRef, tryNormalizeEntityRef } from '../refs';
import { ANSWER_LIMITS } from './answerValues';
import { quoted } from './scanText';

/**
 * A role annotation's holders, comma separated, as full refs of users or
 * groups; undefined once the problem is listed in `problems`.
 */
export function parseHolders(
  key: string,
  roleId: string,
  raw: string,
  namespace: string,
  problems: ValidationProblem[],
): string[] | undefined {
  const holders = new Set<string>();
  for (const piece of raw.split(',')) {
    const part = piece.trim();
    if (!part) {
      continue;
    }
    const ref = tryNormalizeEntityRef(part, {
      defaultKind: 'user',
      defaultNamespace: namespace,
    });
    if (!ref) {
      problems.push({
        key,
        roleId,
        message: `${quoted(part)} is not an entity ref`,
      });
      return undefined;
    }
    const kind = kindOfRef(ref);
    if (kind !== 'user' && kind !== 'group') {
      problems.push({
        key,
        roleId,
        message: `${quoted(
          part,
        )} is a ${kind}; role holders are users or groups`,
      });
      return undefined;
    }
    holders.add(ref);
    // Read no further: an annotation of any length costs as much as this.
    if (holders.size > ANSWER_LIMITS.holders) {
      problems.push({
        key,
        roleId,
        message: `names more than ${ANSWER_LIMITS.holders} holders`,
      });
      return undefined;
    }
  }
  if (!holders.size) {
    problems.push({ key, roleId, message: 'names no holder' });
    return undefined;
  }
  return [...holders];
}
