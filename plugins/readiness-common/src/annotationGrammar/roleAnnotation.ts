import { ValidationProblem } from '../types';
import { kindOfRef, tryNormalizeEntityRef } from '../refs';
import { ANSWER_LIMITS } from './answerValues';
import { quoted } from './scanText';

/**
 * The longest list of holders read: room for the most holders with refs of
 * any length Backstage allows (about 190 characters) and spaces between.
 */
const HOLDERS_TEXT_MAX = ANSWER_LIMITS.holders * 200;

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
  if (raw.length > HOLDERS_TEXT_MAX) {
    problems.push({
      key,
      roleId,
      message: `is longer than ${HOLDERS_TEXT_MAX} characters; name at most ${ANSWER_LIMITS.holders} holders`,
    });
    return undefined;
  }
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
    // Read no further: the rest would only be refused.
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
