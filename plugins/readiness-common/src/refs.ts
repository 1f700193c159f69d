import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';

// Backstage's rules for kinds, namespaces and names.
const KIND = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;
const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
/** A ref already in normal form: lower case `kind:namespace/name` that passes the rules above. */
const NORMAL_REF =
  /^[a-z][a-z0-9]{0,62}:[a-z0-9](?:[-_.a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9](?:[-_.a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Entity refs are compared case-insensitively in Backstage; the engine keeps
 * them in one normal form, `kind:namespace/name` in lower case.
 * @public
 */
export function normalizeEntityRef(
  ref: string,
  context?: { defaultKind?: string; defaultNamespace?: string },
): string {
  // Fast path: catalog relations already hold refs in normal form.
  if (NORMAL_REF.test(ref)) {
    return ref;
  }
  const { kind, namespace, name } = parseEntityRef(ref, context);
  if (!KIND.test(kind) || !NAME.test(namespace) || !NAME.test(name)) {
    throw new TypeError(`'${ref}' is not a valid entity ref`);
  }
  return `${kind}:${namespace}/${name}`.toLowerCase();
}

/** The normalised ref of an entity. @public */
export function entityRefOf(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `${entity.kind}:${namespace}/${entity.metadata.name}`.toLowerCase();
}

/** Parses a ref, returning undefined instead of throwing. @public */
export function tryNormalizeEntityRef(
  ref: unknown,
  context?: { defaultKind?: string; defaultNamespace?: string },
): string | undefined {
  if (typeof ref !== 'string' || !ref.trim()) {
    return undefined;
  }
  try {
    return normalizeEntityRef(ref.trim(), context);
  } catch {
    return undefined;
  }
}

/** The kind part of a normalised ref. @public */
export function kindOfRef(ref: string): string {
  return ref.slice(0, ref.indexOf(':'));
}

/** The owner of an entity as a normalised ref: the ownedBy relation, else spec.owner. @public */
export function ownerRefOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  return tryNormalizeEntityRef(relation?.targetRef ?? entity.spec?.owner, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}

/** A lower-case name or namespace that needs no normalising. */
const PLAIN_NAME = /^[a-z0-9](?:[-_.a-z0-9]{0,61}[a-z0-9])?$/;

/** The System an entity belongs to, as a normalised ref. @public */
export function systemRefOf(entity: Entity): string | undefined {
  const kind = entity.kind.toLowerCase();
  if (kind !== 'component' && kind !== 'resource' && kind !== 'api') {
    return undefined;
  }
  const system = entity.spec?.system;
  const namespace = entity.metadata.namespace ?? 'default';
  // Fast path for the usual `spec.system: <name>` in a plain namespace.
  if (
    typeof system === 'string' &&
    PLAIN_NAME.test(system) &&
    PLAIN_NAME.test(namespace)
  ) {
    return `system:${namespace}/${system}`;
  }
  return tryNormalizeEntityRef(system, {
    defaultKind: 'system',
    defaultNamespace: namespace,
  });
}

/** `spec.domain` of a System as a normalised ref (it may be a name or a full ref). @public */
export function domainRefOf(entity: Entity): string | undefined {
  return tryNormalizeEntityRef(entity.spec?.domain, {
    defaultKind: 'domain',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}
