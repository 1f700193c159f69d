import { Entity } from '@backstage/catalog-model';

const KINDS = ['component', 'system', 'resource'];

/**
 * Whether the readiness tab should show for an entity: the default checklist
 * applies to components, systems and resources.
 * @public
 */
export function isReadinessAvailable(entity: Entity): boolean {
  return KINDS.includes(entity.kind.toLocaleLowerCase('en-US'));
}
