import { entityRefSchema } from '@prodready/plugin-readiness-common';
import { z } from 'zod';
import { parseInput } from '../service/routes/parse';

/**
 * An entity ref of an action's input, normalised with the REST API's schema
 * (`component:default/x`, `default/x` and `x` alike); a 400-style InputError
 * names the field otherwise. Called once the caller is authorised.
 */
export function parseRef(
  field: string,
  value: string,
  defaultKind: string,
): string {
  const parsed = parseInput(
    z.object({ [field]: entityRefSchema(defaultKind) }),
    { [field]: value },
    'input',
  );
  return parsed[field] as string;
}

/** How an action's description names an entity ref. */
export const ENTITY_REF_HELP =
  "an entity ref such as 'component:default/payments-api' (the kind defaults to component, the namespace to default)";
