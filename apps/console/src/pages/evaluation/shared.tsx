import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApplicationStatus, OrgUnitLevel, RoundPhase } from '../../gql/enums';
import { APPLICATION_STATUS_LABELS, ROUND_PHASE_LABELS } from '../../app/labels';
import { hasRole, useSignedIn, type Session } from '../../app/session';
import { Badge } from '../../ui/common';

/** The phases in order (the API moves a round one step forward at a time). */
export const PHASES: RoundPhase[] = ['APPLICATION', 'COUNTY_REVIEW', 'CITY_REVIEW', 'PUBLIC_NOTICE', 'SCORING', 'SPOT_CHECK', 'PUBLISHED'];

export function nextPhase(phase: RoundPhase): RoundPhase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/** Applications still in the running once the city has reviewed them (libs/evaluation CANDIDATE_STATUSES). */
export const CANDIDATE_STATUSES: ApplicationStatus[] = ['CITY_RECOMMENDED', 'SELECTED', 'NOT_SELECTED'];

/** The round's phases as an ordered list: done, current (aria-current="step"), to come. */
export function PhaseBar({ phase }: { phase: RoundPhase }) {
  const current = PHASES.indexOf(phase);
  return (
    <ol className="phase-bar" aria-label="评选阶段">
      {PHASES.map((p, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={p} className={`phase phase-${state}`} aria-current={state === 'current' ? 'step' : undefined} data-phase={p}>
            <span className="phase-no" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span className="phase-name">{ROUND_PHASE_LABELS[p]}</span>
            <span className="visually-hidden">{state === 'done' ? '（已完成）' : state === 'current' ? '（当前阶段）' : '（未开始）'}</span>
          </li>
        );
      })}
    </ol>
  );
}

const STATUS_TONE: Record<ApplicationStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  SUBMITTED: 'info',
  WITHDRAWN: 'neutral',
  COUNTY_RECOMMENDED: 'info',
  COUNTY_DECLINED: 'neutral',
  CITY_RECOMMENDED: 'info',
  CITY_DECLINED: 'neutral',
  OBJECTION_UPHELD: 'danger',
  SELECTED: 'success',
  NOT_SELECTED: 'neutral',
  SPOT_CHECK_FAILED: 'danger',
  AWARDED: 'success',
};

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{APPLICATION_STATUS_LABELS[status]}</Badge>;
}

const ScopeQuery = graphql(`
  query EvaluationScope {
    orgUnits {
      id
      level
      parentId
    }
    me {
      id
      orgUnit {
        id
        level
        parent {
          id
          level
          parent {
            id
            level
          }
        }
      }
    }
  }
`);

interface Unit {
  id: string;
  level: OrgUnitLevel;
  parentId?: string | null;
}

/**
 * What the signed-in user may do in a round, following shared/api/permissions.md and the rules
 * libs/evaluation applies (the API decides; the console only leaves out what would be refused).
 * Scope = the user's org unit subtree (the `orgUnits` query).
 */
export interface EvaluationAccess {
  ready: boolean;
  session: Session;
  isOfficer: boolean;
  isAdmin: boolean;
  isEvaluator: boolean;
  /** createEvaluationRound, advanceRound, selectModelStations: OFFICER of the city or above, TENANT_ADMIN. */
  organises(cityId: string): boolean;
  /** drawSpotCheckSample, recordSpotCheck, revokeModelTitle: OFFICER above the city (province), TENANT_ADMIN. */
  aboveCity(cityId: string): boolean;
  /** reviewApplication in COUNTY_REVIEW: OFFICER with the station's county in scope. */
  countyReviews(stationUnitId: string): boolean;
  /** reviewApplication in CITY_REVIEW: OFFICER of the city or above (not TENANT_ADMIN). */
  cityReviews(cityId: string): boolean;
  /** applyForModelStation / withdrawApplication: OFFICER with the station in scope. */
  actsForStation(stationUnitId: string): boolean;
  /** An evaluator below the city on one line with the station's supervising unit must abstain. */
  supervises(stationUnitId: string): boolean;
  /** Units in scope of a level (e.g. the cities an officer may run a round for). */
  unitsOfLevel(level: OrgUnitLevel): string[];
}

export function useEvaluationAccess(): EvaluationAccess {
  const session = useSignedIn();
  const [{ data }] = useQuery({ query: ScopeQuery });
  return useMemo(() => {
    const units = new Map<string, Unit>((data?.orgUnits ?? []).map((u) => [u.id, u]));
    const mine = data?.me.orgUnit ?? null;
    // The unit's parent and grandparent (an office's county and city; a county's city and province).
    const ancestors: Unit[] = [mine?.parent, mine?.parent?.parent].filter((u): u is Unit => !!u);
    const isOfficer = hasRole(session, 'OFFICER');
    const isAdmin = hasRole(session, 'TENANT_ADMIN');
    const isEvaluator = hasRole(session, 'EVALUATOR');
    const inScope = (id: string) => isAdmin || units.has(id);
    const organises = (cityId: string) => isAdmin || (isOfficer && units.has(cityId));
    return {
      ready: !!data,
      session,
      isOfficer,
      isAdmin,
      isEvaluator,
      organises,
      aboveCity: (cityId) => isAdmin || (isOfficer && units.has(cityId) && mine?.id !== cityId),
      countyReviews: (stationUnitId) => {
        if (!isOfficer) return false;
        // The county above (or equal to) the station's unit must be in scope; walking up stays inside the scope.
        for (let u = units.get(stationUnitId); u; u = u.parentId ? units.get(u.parentId) : undefined) {
          if (u.level === 'COUNTY' || u.level === 'CITY' || u.level === 'PROVINCE') return true;
        }
        return false;
      },
      cityReviews: (cityId) => isOfficer && units.has(cityId),
      actsForStation: (stationUnitId) => isOfficer && inScope(stationUnitId),
      supervises: (stationUnitId) => {
        if (!isEvaluator || !mine || (mine.level !== 'COUNTY' && mine.level !== 'OFFICE')) return false;
        if (units.has(stationUnitId)) return true;
        return ancestors.some((a) => a.id === stationUnitId && (a.level === 'COUNTY' || a.level === 'OFFICE'));
      },
      unitsOfLevel: (level) => [...units.values()].filter((u) => u.level === level).map((u) => u.id),
    };
  }, [data, session]);
}

/** A weight (0–1) as a percentage without trailing zeros: 0.2 → 20%, 0.125 → 12.5%. */
export function weightPercent(weight: number): string {
  return `${Math.round(weight * 10_000) / 100}%`;
}
