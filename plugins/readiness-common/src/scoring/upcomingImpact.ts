import { ReadinessModel } from '../types';
import type { RollupMember } from './rollups';

/**
 * What the staged checks of one date do to the organisation, with today's
 * answers: who would lose a level they hold. @public
 */
export interface UpcomingImpact {
  /** `YYYY-MM-DD`. */
  effectiveFrom: string;
  /** The checks that start to count that day. */
  checks: string[];
  /** Entities a check staged up to that day applies to. */
  entities: number;
  /** Entities whose level would be lower than today's. */
  levelDrops: number;
  /**
   * Per level id: entities that hold the level (or a higher one) today and
   * would not that day. Levels nobody drops out of are left out.
   */
  dropOutOf: Record<string, number>;
  /** Production entities passing the lifecycle gate today that would not. */
  newlyBelowGate: number;
}

/**
 * The impact of every staged date ahead, and when it was computed (absent,
 * with no impacts, before the first full run). @public
 */
export interface UpcomingImpactReport {
  computedAt?: string;
  impacts: UpcomingImpact[];
}

/**
 * Adds up, member by member, what each staged date would change: built
 * alongside the rollups from the same stored members, so the organisation
 * page reads one small stored report instead of scoring everyone.
 * @public
 */
export class UpcomingImpactBuilder {
  private readonly rank: Map<string, number>;
  private readonly dates: Map<string, string[]>;
  private readonly impacts = new Map<string, UpcomingImpact>();

  constructor(private readonly model: ReadinessModel) {
    this.rank = new Map(model.levels.map((l, i) => [l.id, i]));
    this.dates = new Map();
    for (const check of model.checks) {
      if (!check.effectiveFrom) continue;
      const list = this.dates.get(check.effectiveFrom) ?? [];
      list.push(check.id);
      this.dates.set(check.effectiveFrom, list);
    }
  }

  private impactOn(day: string): UpcomingImpact {
    let impact = this.impacts.get(day);
    if (!impact) {
      impact = {
        effectiveFrom: day,
        checks: this.dates.get(day) ?? [],
        entities: 0,
        levelDrops: 0,
        dropOutOf: {},
        newlyBelowGate: 0,
      };
      this.impacts.set(day, impact);
    }
    return impact;
  }

  private rankOf(level: string | null) {
    return level === null ? -1 : this.rank.get(level) ?? -1;
  }

  /** Counts one member: on each staged date, its level then against today's. */
  add(member: RollupMember) {
    if (!member.upcoming?.length) return;
    const today = member.notAssessed ? -1 : this.rankOf(member.level);
    const passesToday = !member.productionBelowGate;
    // Outcomes are cumulative and in date order; a date with no check for
    // this member keeps the outcome of the date before it.
    let index = 0;
    let current = undefined as (typeof member.upcoming)[number] | undefined;
    for (const day of [...this.dates.keys()].sort()) {
      while (
        index < member.upcoming.length &&
        member.upcoming[index].effectiveFrom <= day
      ) {
        current = member.upcoming[index++];
      }
      if (!current) continue;
      const impact = this.impactOn(day);
      impact.entities++;
      const then = current.notAssessed ? -1 : this.rankOf(current.level);
      if (then < today) {
        impact.levelDrops++;
        for (let r = then + 1; r <= today; r++) {
          const id = this.model.levels[r].id;
          impact.dropOutOf[id] = (impact.dropOutOf[id] ?? 0) + 1;
        }
      }
      if (passesToday && !current.lifecycleGatePassed) impact.newlyBelowGate++;
    }
  }

  /** The impacts of the staged dates still ahead of `now`, earliest first. */
  build(now: Date): UpcomingImpactReport {
    const today = now.toISOString().slice(0, 10);
    const impacts = [...this.dates.keys()]
      .filter(day => day > today)
      .sort()
      .map(day => this.impactOn(day));
    return { computedAt: now.toISOString(), impacts };
  }
}
