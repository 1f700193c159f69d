import { Entity } from '@backstage/catalog-model';
import {
  answerCountsFromMs,
  CatalogLookup,
  CostTable,
  InheritableReadiness,
  ReadinessAnswer,
  ReadinessEngine,
  ReadinessExemption,
  ReadinessRoleAssignment,
  nextExemptionChange,
  dayStartMs,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { FingerprintBasis, RecordTable } from '../database/ReadinessStore';
import { referencedRefs } from './catalogLookup';
import type { Lookups } from './catalogIndexReads';
import { sha1Hex as sha1 } from './sha1';
import { ROW_FORMAT } from '../database/rowFormat';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an entity is scored from, besides the catalog lookups and the clock. */
export interface FingerprintInput {
  entity: Entity;
  portalAnswers?: ReadinessAnswer[];
  portalRoles?: ReadinessRoleAssignment[];
  automaticResults?: ReadinessAnswer[];
  costTable?: CostTable;
  system?: HandedDown;
  exemptions?: ReadinessExemption[];
}

/**
 * What a System hands down, with what it was derived from when the System
 * has an etag ({@link derivedFromOf}): fingerprints hash that, a few dozen
 * bytes for most Systems, rather than the derived answers and roles (about
 * 4 KB of JSON for a System with its annotations).
 */
export interface HandedDown extends InheritableReadiness {
  derivedFrom?: string;
  /** The hash of the System's stored answers, roles and cost table ({@link recordsKeyOf}). */
  recordsKey?: string;
  /** The System's record tables that held rows of it (see recordTablesIn). */
  records?: RecordTable[];
}

/** The stored records an entity is scored from, and its System's. */
export type FingerprintRecords = Omit<FingerprintInput, 'entity'>;

/**
 * Records in the order of their ids: a fingerprint must not depend on the
 * order the database returns rows in, which differs between query plans.
 */
function byId<T>(
  records: readonly T[] | undefined,
  ...ids: ((record: T) => string)[]
): readonly T[] {
  if (!records || records.length < 2) return records ?? [];
  const compare = (a: T, b: T) => {
    for (const id of ids) {
      const [x, y] = [id(a), id(b)];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  return [...records].sort(compare);
}

/** JSON as an element of an array: what `JSON.stringify` writes for it there. */
const json = (value: unknown) => JSON.stringify(value) ?? 'null';

/** The JSON of records in the order of their ids. */
function listJson<T>(
  records: readonly T[] | undefined,
  ...ids: ((record: T) => string)[]
): string {
  return records?.length ? JSON.stringify(byId(records, ...ids)) : '[]';
}

const checkIdOf = (answer: ReadinessAnswer) => answer.checkId;
const roleIdOf = (role: ReadinessRoleAssignment) => role.roleId;

/**
 * What a System's hand-down is derived from, besides the model: its body
 * (which its etag stands for) and its stored answers, roles and cost
 * table. Undefined without an etag.
 */
export function derivedFromOf(
  system: Entity,
  portalAnswers?: ReadinessAnswer[],
  portalRoles?: ReadinessRoleAssignment[],
  costTable?: CostTable,
): string | undefined {
  if (!system.metadata.etag) return undefined;
  return JSON.stringify([
    system.metadata.etag,
    ...storedRecords(portalAnswers, portalRoles, costTable),
  ]);
}

/** A System's stored answers, roles and cost table, in a fixed order. */
function storedRecords(
  portalAnswers?: ReadinessAnswer[],
  portalRoles?: ReadinessRoleAssignment[],
  costTable?: CostTable,
) {
  return [
    byId(portalAnswers, checkIdOf),
    byId(portalRoles, roleIdOf),
    costTable ?? null,
  ];
}

/**
 * The hash of a System's stored answers, roles and cost table (versions
 * included): a full run that read them at its start tells by it whether a
 * write has moved them since.
 */
export function recordsKeyOf(
  portalAnswers?: ReadinessAnswer[],
  portalRoles?: ReadinessRoleAssignment[],
  costTable?: CostTable,
): string {
  return sha1(
    JSON.stringify(storedRecords(portalAnswers, portalRoles, costTable)),
  );
}

/**
 * What role health reads of a group's transitive members: nobody, the one
 * person it stands for, or a team of several (whose size does not matter).
 */
function teamOrPerson(members: readonly string[] | undefined) {
  if (!members) return null;
  return members.length > 1 ? 'team' : members;
}

/**
 * The refs an entity's body names, which scoring looks up in the catalog:
 * owner and dependencies first (`flat` of them: those no annotated role
 * holds), then the holders of its annotated roles (`annotated`, what the
 * engine reads of its annotations). Kept as its fingerprint basis, so a
 * read can ask for them before it has the body.
 */
export function bodyRefsOf(
  entity: Entity,
  annotated: InheritableReadiness,
): Pick<FingerprintBasis, 'refs' | 'flat'> {
  const holders = new Set<string>();
  for (const role of annotated.roles.values()) {
    role.holders.forEach(h => holders.add(h));
  }
  const flat = referencedRefs(entity).filter(ref => !holders.has(ref));
  return { refs: [...flat, ...holders], flat: flat.length };
}

/**
 * What a basis's refs ask of the catalog: those first `flat` whether they
 * exist, the others (role holders) their members too; every ref a holder
 * when the basis does not say (kept before it did).
 */
export function lookupsOf(
  basis: Pick<FingerprintBasis, 'refs' | 'flat'>,
): Lookups {
  const flat = basis.flat ?? 0;
  return { refs: basis.refs.slice(0, flat), holders: basis.refs.slice(flat) };
}

/**
 * The fingerprint of everything a scorecard is computed from, so a full run
 * scores only entities whose inputs changed:
 *
 * - the model (a config change rescores everything) and the versions
 *   detectors declare;
 * - the entity: its catalog etag, or a hash of its fields when it has none;
 * - its portal answers, roles, pushed results and cost table, as stored
 *   (versions and timestamps included);
 * - what its System hands down: what that is derived from (the System's
 *   etag, for its annotations and domain, and its stored answers, roles and
 *   cost table), or for a System without an etag the answers and roles as
 *   the engine receives them; with what the catalog says of the System's
 *   role holders;
 * - what the engine asks the catalog for it: whether its owner, its
 *   dependencies and every holder of its own roles (portal or annotated)
 *   exist, their lifecycle and, for groups, their member count;
 * - the next instant after `now` at which one of its answers (portal,
 *   pushed, annotated or inherited) expires: once it has passed, the
 *   fingerprint changes and the entity is scored again;
 * - likewise the next start (after `now`) of a staged check that applies to
 *   its kind (`effectiveFrom`), when there is one: on that day the check
 *   stops being upcoming and counts.
 */

export class InputFingerprints {
  /** The model's hash with the rows' format, as JSON. */
  private readonly model: string;
  private readonly systems = new WeakMap<
    HandedDown,
    { hash: string; expiries: number[] }
  >();
  private readonly expiresAfterDays: Map<string, number | undefined>;
  /**
   * Per group ref, what the catalog said of it, as JSON (the catalog lookup
   * does not change during a run; many entities share an owner).
   */
  private readonly groupFacts = new Map<string, string>();
  /** Per lower-case kind: the next instant a staged check starts to count, or 0. */
  private readonly nextEffective = new Map<string, number>();

  constructor(
    private readonly engine: ReadinessEngine,
    private readonly catalog: CatalogLookup,
    private readonly now: Date,
  ) {
    // Detectors' versions only when some declare one: fingerprints stored
    // before versions existed stay the same.
    const versions = engine.detectorVersions;
    this.model = json(
      sha1(
        JSON.stringify([
          ROW_FORMAT,
          engine.model,
          ...(versions.length ? [versions] : []),
        ]),
      ),
    );
    this.expiresAfterDays = new Map(
      engine.model.checks.map(c => [c.id, c.expiresAfterDays]),
    );
  }

  /**
   * What a System hands down, hashed once a run: what it is derived from
   * (or its answers and roles) and what the catalog says of its role
   * holders. Its parts' fingerprints take
   * the hash rather than those holders' facts, which most Systems' parts
   * would otherwise each look up and hash again.
   */
  private system(system: HandedDown) {
    let memo = this.systems.get(system);
    if (!memo) {
      const roles = [...system.roles.values()];
      const holders = new Set(roles.flatMap(r => r.holders));
      const facts = [...holders].sort().map(ref => this.factsOf(ref));
      const derived = system.derivedFrom ?? [
        system.domain,
        byId([...system.answers.values()], checkIdOf),
        byId(roles, roleIdOf),
      ];
      memo = {
        hash: sha1(
          `[${json(system.entityRef)},${json(derived)},[${facts.join(',')}]]`,
        ),
        expiries: this.expiries(system.answers.values()),
      };
      this.systems.set(system, memo);
    }
    return memo;
  }

  /**
   * What the engine asks the catalog about a ref, as JSON. Only groups'
   * facts are kept: another ref's are a few lookups, and a full run would
   * otherwise keep a string for every entity depended on (~60,000 of
   * 100,000).
   */
  private factsOf(ref: string): string {
    const group = this.groupFacts.get(ref);
    if (group) return group;
    // A full run asks this for every ref of every entity: few lookups. A
    // ref without a member count is no group the catalog holds, so it has
    // no members, and one with a lifecycle exists.
    const memberCount = this.catalog.groupMemberCount(ref);
    const lifecycle = this.catalog.lifecycleOf(ref);
    const facts = JSON.stringify([
      ref,
      lifecycle !== undefined || this.catalog.exists(ref),
      memberCount ?? null,
      memberCount === undefined
        ? null
        : teamOrPerson(this.catalog.groupMembers(ref)),
      lifecycle ?? null,
    ]);
    if (memberCount !== undefined) this.groupFacts.set(ref, facts);
    return facts;
  }

  /**
   * The instants at which `answers` change status, in milliseconds: when
   * they expire (those that can), and when an annotation's answer dated
   * ahead starts to count.
   */
  private expiries(answers: Iterable<ReadinessAnswer>): number[] {
    const instants: number[] = [];
    for (const answer of answers) {
      const countsFrom = answerCountsFromMs(answer);
      if (countsFrom !== undefined) instants.push(countsFrom);
      const days = this.expiresAfterDays.get(answer.checkId);
      if (
        days === undefined ||
        !answer.answeredAt ||
        answer.status === 'not-applicable'
      ) {
        continue;
      }
      const at = answer.answeredAt;
      instants.push(
        Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at) + days * DAY_MS,
      );
    }
    return instants;
  }

  /** The earliest of `instants` after `now` (and of `after`, unless 0), or 0. */
  private nextAfterNow(instants: Iterable<number>, after = 0) {
    let next = after;
    const now = this.now.getTime();
    for (const ms of instants) {
      if (ms > now && (ms < next || !next)) next = ms;
    }
    return next;
  }

  /** The next instant after `now` a staged check of this kind starts to count, or 0. */
  private nextEffectiveFor(kind: string): number {
    let next = this.nextEffective.get(kind);
    if (next === undefined) {
      next = 0;
      const now = this.now.getTime();
      for (const check of this.engine.model.checks) {
        if (!check.effectiveFrom || !check.appliesTo.includes(kind)) continue;
        const ms = dayStartMs(check.effectiveFrom);
        if (ms > now && (!next || ms < next)) next = ms;
      }
      this.nextEffective.set(kind, next);
    }
    return next;
  }

  /**
   * What the fingerprint takes from the entity's body, so that a later run
   * can fingerprint it again from its etag alone: kept with its scorecard.
   */
  basisOf(entity: Entity): FingerprintBasis {
    const annotated = this.engine.inheritableFrom(entity);
    const { refs, flat } = bodyRefsOf(entity, annotated);
    const system = systemRefOf(entity);
    return {
      etag: entity.metadata.etag ?? sha1(JSON.stringify(entity)),
      kind: entity.kind.toLowerCase(),
      ...(system ? { system } : {}),
      refs,
      ...(flat ? { flat } : {}),
      // Only the next one: until it passes the others cannot count, and
      // once it has, the fingerprint changes and the basis is taken again.
      expiries: [
        this.nextAfterNow(this.expiries(annotated.answers.values())),
      ].filter(Boolean),
    };
  }

  /** The input fingerprint of one entity. */
  of(input: FingerprintInput): string {
    return this.ofBasis(this.basisOf(input.entity), input);
  }

  /**
   * The input fingerprint from what the entity's body gave (its basis, as
   * kept) and its stored records: the same as {@link of} while its etag is.
   */
  ofBasis(basis: FingerprintBasis, records: FingerprintRecords): string {
    const system = records.system ? this.system(records.system) : undefined;
    const refs = [...basis.refs];
    for (const role of records.portalRoles ?? []) refs.push(...role.holders);
    // Each ref once, in order (sorting and skipping repeats costs less
    // than a set per entity).
    refs.sort();
    let facts = '';
    for (let i = 0; i < refs.length; i++) {
      if (refs[i] === refs[i - 1]) continue;
      facts += `${facts ? ',' : ''}${this.factsOf(refs[i])}`;
    }
    let expiry = this.nextAfterNow(basis.expiries);
    if (system) expiry = this.nextAfterNow(system.expiries, expiry);
    for (const answers of [records.portalAnswers, records.automaticResults]) {
      if (answers?.length) {
        expiry = this.nextAfterNow(this.expiries(answers), expiry);
      }
    }
    const staged = this.nextEffectiveFor(basis.kind);
    // The JSON of one array, written part by part: most parts are empty
    // lists or kept strings, which JSON.stringify would walk again.
    const parts = [
      this.model,
      json(basis.etag),
      listJson(records.portalAnswers, checkIdOf),
      listJson(records.portalRoles, roleIdOf),
      listJson(records.automaticResults, checkIdOf),
      json(records.costTable),
      json(system?.hash),
      `[${facts}]`,
      json(expiry),
    ];
    // Open exemptions and the next instant one starts to end soon or ends;
    // only when there are some, so other fingerprints stay valid.
    if (records.exemptions?.length) {
      parts.push(
        listJson(
          records.exemptions,
          e => e.requestedAt,
          e => e.id,
        ),
        json(nextExemptionChange(records.exemptions, this.now.getTime())),
      );
    }
    // Only with staged checks, so fingerprints stored before them stay valid.
    if (staged) parts.push(json(staged));
    return sha1(`[${parts.join(',')}]`);
  }
}
