import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { AnswerStatus } from './types';
import { kindOfRef, ownerRefOf } from './refs';

/**
 * What the engine may ask about the rest of the catalog. The backend builds it
 * from a paged read of the catalog; tests build it from a list.
 * @public
 */
export interface CatalogLookup {
  /** Whether an entity with this normalised ref exists. */
  exists(ref: string): boolean;
  /** Number of direct members of a group, undefined when the ref is not a known group. */
  groupMemberCount(ref: string): number | undefined;
  /**
   * Users who are members of a group or of any group below it (sub-teams),
   * each once; undefined when the ref is not a known group. Role health reads
   * it: a department whose people sit in sub-teams is not empty, and a group
   * of one person stands for that person (`GroupMembership` computes it).
   * Ask it of the entity's role holders only, and tell from it only nobody,
   * one person (who) and several: when the backend scores one entity (a
   * write, a first read) it reads the groups below a role holder only while
   * it knows fewer than two of its people, and not below its owner or other
   * groups, so of those it may know only the direct members.
   */
  groupMembers(ref: string): readonly string[] | undefined;
  /** `spec.lifecycle` of an entity, undefined when unknown. */
  lifecycleOf(ref: string): string | undefined;
}

/** An automatic answer found on the entity itself. @public */
export interface DetectorFinding {
  checkId: string;
  status: AnswerStatus;
  evidenceUrl?: string;
  note: string;
}

/**
 * An automatic detector: a pure function of the entity (and the catalog) that
 * answers one or more checks, or stays silent when it cannot tell.
 * @public
 */
export interface ReadinessDetector {
  id: string;
  title: string;
  /** The checks the detector can answer. */
  checkIds: string[];
  /**
   * Change it when what the detector finds changes: the backend keeps each
   * scorecard until its inputs change, and the detector's code is not one
   * of them, but its version is (every entity is scored again).
   */
  version?: string;
  detect(
    entity: Entity,
    context: { catalog: CatalogLookup },
  ): DetectorFinding[];
}

/** `organisation.ownership`: the owner resolves to a Group that exists, and a lifecycle is set. */
export const ownershipDetector: ReadinessDetector = {
  id: 'catalog-ownership',
  title: 'Catalog ownership and lifecycle',
  checkIds: ['organisation.ownership'],
  detect(entity, { catalog }) {
    const owner = ownerRefOf(entity);
    const checkId = 'organisation.ownership';
    if (!owner) {
      return [{ checkId, status: 'not-met', note: 'spec.owner is not set' }];
    }
    if (kindOfRef(owner) !== 'group') {
      return [
        {
          checkId,
          status: 'not-met',
          note: `owned by ${owner}, a person rather than a team`,
        },
      ];
    }
    if (!catalog.exists(owner)) {
      return [
        {
          checkId,
          status: 'not-met',
          note: `owner ${owner} is not in the catalog`,
        },
      ];
    }
    // Of the kinds scored by default only Components carry spec.lifecycle
    // (Systems and Resources have none in the catalog model).
    if (entity.kind.toLowerCase() === 'component' && !entity.spec?.lifecycle) {
      return [
        {
          checkId,
          status: 'partially-met',
          note: `owned by ${owner}; spec.lifecycle is not set`,
        },
      ];
    }
    return [{ checkId, status: 'met', note: `owned by ${owner}` }];
  },
};

/** `support.deprecation-watch`: flags dependencies whose lifecycle is deprecated. */
export const deprecatedDependencyDetector: ReadinessDetector = {
  id: 'catalog-deprecated-dependencies',
  title: 'Deprecated dependencies in the catalog',
  checkIds: ['support.deprecation-watch'],
  detect(entity, { catalog }) {
    const deprecated: string[] = [];
    for (const relation of entity.relations ?? []) {
      if (relation.type !== RELATION_DEPENDS_ON) {
        continue;
      }
      const ref = relation.targetRef.toLowerCase();
      if (catalog.lifecycleOf(ref) === 'deprecated') {
        deprecated.push(ref);
      }
    }
    return deprecated.length
      ? [
          {
            checkId: 'support.deprecation-watch',
            status: 'partially-met',
            note: `depends on deprecated ${deprecated.join(', ')}`,
          },
        ]
      : [];
  },
};

/** Detectors that read only the catalog itself; always on. @public */
export const catalogDetectors: ReadinessDetector[] = [
  ownershipDetector,
  deprecatedDependencyDetector,
];
