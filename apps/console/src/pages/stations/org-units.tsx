import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OrgUnitLevel } from '../../gql/enums';

const OrgUnitsQuery = graphql(`
  query StationsOrgUnits {
    orgUnits {
      id
      name
      level
      parentId
    }
  }
`);

export interface OrgUnitOption {
  value: string;
  label: string;
  level: OrgUnitLevel;
  name: string;
}

/** Stations may be supervised only by a county bureau or an office (registerStation refuses others). */
export const SUPERVISING_LEVELS: readonly OrgUnitLevel[] = ['COUNTY', 'OFFICE'];

/**
 * The org units in the caller's scope as <select> options in tree order, each indented under
 * its parent (full-width spaces, so the tree reads in a plain <select>).
 */
export function useOrgUnitOptions(levels?: readonly OrgUnitLevel[]): { options: OrgUnitOption[]; fetching: boolean } {
  const [{ data, fetching }] = useQuery({ query: OrgUnitsQuery });
  const options = useMemo(() => {
    const units = data?.orgUnits ?? [];
    const ids = new Set(units.map((u) => u.id));
    const children = new Map<string | null, typeof units>();
    for (const u of units) {
      // A unit whose parent is outside the scope is a root of the caller's tree.
      const key = u.parentId && ids.has(u.parentId) ? u.parentId : null;
      children.set(key, [...(children.get(key) ?? []), u]);
    }
    const out: OrgUnitOption[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const u of children.get(parent) ?? []) {
        if (!levels || levels.includes(u.level)) out.push({ value: u.id, label: `${'　'.repeat(depth)}${u.name}`, level: u.level, name: u.name });
        walk(u.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  }, [data, levels]);
  return { options, fetching };
}
