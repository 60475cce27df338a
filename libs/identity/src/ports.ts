/**
 * Identity sits below the station registry, yet a STATION_STAFF user belongs to a station.
 * The stations lib provides this port; identity only asks through it (no upward import).
 */
export const STATION_DIRECTORY = Symbol('STATION_DIRECTORY');
export interface StationDirectory {
  /** The supervising org unit of a station of the current tenant, or null when there is none. */
  supervisingUnitOf(stationId: string): Promise<{ orgUnitId: string; orgUnitPath: string } | null>;
}
