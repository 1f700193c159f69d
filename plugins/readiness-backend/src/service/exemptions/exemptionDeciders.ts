import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityScorecard,
  ReadinessCheck,
  ReadinessExemption,
  readinessAdminPermission,
  readinessExemptionDecidePermission,
} from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../../database/ReadinessStore';
import { CatalogIndex } from '../catalogLookup';
import { indexRefs } from '../catalogIndexReads';
import { scoreStoredInputs, ScorecardDetailDeps } from '../scorecardDetail';

const isGroup = (ref: string) =>
  parseEntityRef(ref).kind.toLowerCase() === 'group';

/**
 * Who may approve or reject an exemption of a check: a holder of one of the
 * check's responsible roles on that entity (the user, or a member of a
 * holder group, as the entity's scorecard shows the roles: own, annotated
 * or inherited), a user `readiness.exemption.decide` allows on the entity,
 * or a readiness admin, and never its requester.
 */
export class ExemptionDeciders {
  /** Asked once per caller: a list decides every pending exemption. */
  private readonly allowed = new Map<string, Promise<boolean>>();
  /** The members of every group holding a role, read once when needed. */
  private groupIndex?: Promise<CatalogIndex>;

  private constructor(
    private readonly scorecard: EntityScorecard,
    private readonly checks: ReadonlyMap<string, ReadinessCheck>,
    private readonly deps: ScorecardDetailDeps & {
      permissions: PermissionsService;
    },
  ) {}

  /** The deciders of an entity's exemptions, from its roles as stored now. */
  static async of(
    deps: ScorecardDetailDeps & { permissions: PermissionsService },
    entity: Entity,
  ): Promise<ExemptionDeciders> {
    const scorecard = await scoreStoredInputs(deps, entity, new Date());
    const checks = new Map(deps.engine.model.checks.map(c => [c.id, c]));
    return new ExemptionDeciders(scorecard, checks, deps);
  }

  /** The holders (users and groups) of the check's responsible roles. */
  holdersOf(checkId: string): string[] {
    const roles = this.checks.get(checkId)?.roles ?? [];
    return [
      ...new Set(
        this.scorecard.roles
          .filter(r => roles.includes(r.roleId))
          .flatMap(r => r.holders),
      ),
    ];
  }

  /** The titles of the check's responsible roles, for messages. */
  roleTitles(checkId: string): string {
    const ids = this.checks.get(checkId)?.roles ?? [];
    const titles = ids.map(
      id => this.deps.engine.model.roles.find(r => r.id === id)?.title ?? id,
    );
    return titles.length ? titles.join(' or ') : 'a responsible role';
  }

  /** Whether the permissions let the caller decide every exemption of the entity. */
  private isAllowed(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<boolean> {
    const userRef = credentials.principal.userEntityRef;
    let decided = this.allowed.get(userRef);
    if (!decided) {
      decided = this.deps.permissions
        .authorize(
          [
            {
              permission: readinessExemptionDecidePermission,
              resourceRef: this.scorecard.entityRef,
            },
            { permission: readinessAdminPermission },
          ],
          { credentials },
        )
        .then(decisions =>
          decisions.some(d => d.result === AuthorizeResult.ALLOW),
        );
      this.allowed.set(userRef, decided);
    }
    return decided;
  }

  private async holds(userRef: string, checkId: string) {
    const holders = this.holdersOf(checkId);
    if (holders.includes(userRef)) return true;
    const groups = holders.filter(isGroup);
    if (!groups.length) return false;
    const index = await this.holderGroups();
    return groups.some(g => index.groupMembers(g)?.includes(userRef));
  }

  /** Every group holding one of the entity's roles, with its members. */
  private holderGroups(): Promise<CatalogIndex> {
    this.groupIndex ??= this.deps.auth
      .getOwnServiceCredentials()
      .then(credentials =>
        indexRefs(this.deps.catalog, credentials, {
          refs: [],
          holders: new Set(
            this.scorecard.roles.flatMap(r => r.holders).filter(isGroup),
          ),
          allMembers: true,
        }),
      );
    return this.groupIndex;
  }

  /**
   * Why the caller may not decide the exemption, or undefined when they
   * may. The permissions are asked only when the caller holds no
   * responsible role.
   */
  async refusal(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    exemption: ReadinessExemption,
  ): Promise<string | undefined> {
    const userRef = credentials.principal.userEntityRef;
    if (exemption.requestedBy === userRef) {
      return `You requested this exemption; someone else (a holder of ${this.roleTitles(
        exemption.checkId,
      )} for ${
        exemption.entityRef
      }, an exemption decider or a readiness admin) must approve or reject it`;
    }
    if (await this.holds(userRef, exemption.checkId)) return undefined;
    if (await this.isAllowed(credentials)) return undefined;
    return `Only a holder of ${this.roleTitles(exemption.checkId)} for ${
      exemption.entityRef
    }, a user the permission readiness.exemption.decide allows on it or a readiness admin may approve or reject this exemption`;
  }
}

/**
 * Records the end of exemptions whose end day has come (approved ones, and
 * requests that lapsed undecided), in the history (once) and the auditor;
 * the full run and the notices sweep call it, so an end is recorded by
 * whichever sees it first. A new request records those of its check (`of`).
 */
export async function recordExemptionEnds(
  deps: {
    store: ReadinessStore;
    auditor: AuditorService;
    logger: LoggerService;
  },
  now: Date,
  of?: { entityRef: string; checkId: string },
): Promise<number> {
  const ended = await deps.store.recordEndedExemptions(
    now.toISOString().slice(0, 10),
    'readiness',
    of,
  );
  for (const exemption of ended) {
    try {
      const event = await deps.auditor.createEvent({
        eventId: 'exemption-end',
        severityLevel: 'medium',
        meta: {
          entityRef: exemption.entityRef,
          checkId: exemption.checkId,
          exemptionId: exemption.id,
          endsOn: exemption.endsOn,
          lapsed: exemption.status === 'pending',
        },
      });
      await event.success();
    } catch (error) {
      // The end is committed and never claimed again: the others still get
      // their event, and this one is in the history and in the log.
      deps.logger.warn(
        `Readiness could not audit the end of exemption ${exemption.id} (${exemption.checkId} of ${exemption.entityRef}): ${error}`,
      );
    }
  }
  if (ended.length) {
    deps.logger.info(
      `Readiness recorded the end of ${ended.length} exemptions`,
    );
  }
  return ended.length;
}
