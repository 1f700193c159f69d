import { Entity } from '@backstage/catalog-model';
import { readinessKinds } from '@prodready/plugin-readiness-common';

const KINDS = new Set(readinessKinds());

/**
 * Whether the readiness tab should show for an entity: the kinds at least one
 * check of the default checklist applies to. A checklist configured for more
 * kinds needs its own filter (see the README).
 * @public
 */
export function isReadinessAvailable(entity: Entity): boolean {
  return KINDS.has(entity.kind.toLocaleLowerCase('en-US'));
}
