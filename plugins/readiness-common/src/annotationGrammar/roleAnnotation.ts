import { ValidationProblem } from '../types';
import { kindOfRef, tryNormalizeEntityRef } from '../refs';
import { ANSWER_LIMITS } from './answerValues';

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
  const holders: string[] = [];
  for (const part of raw.split(',').map(p => p.trim())) {
    if (!part) {
      continue;
    }
    const ref = tryNormalizeEntityRef(part, {
      defaultKind: 'user',
      defaultNamespace: namespace,
    });
    if (!ref) {
      problems.push({ key, roleId, message: `'${part}' is not an entity ref` });
      return undefined;
    }
    const kind = kindOfRef(ref);
    if (kind !== 'user' && kind !== 'group') {
      problems.push({
        key,
        roleId,
        message: `'${part}' is a ${kind}; role holders are users or groups`,
      });
      return undefined;
    }
    if (!holders.includes(ref)) {
      holders.push(ref);
    }
  }
  if (!holders.length) {
    problems.push({ key, roleId, message: 'names no holder' });
    return undefined;
  }
  if (holders.length > ANSWER_LIMITS.holders) {
    problems.push({
      key,
      roleId,
      message: `names more than ${ANSWER_LIMITS.holders} holders`,
    });
    return undefined;
  }
  return holders;
}
