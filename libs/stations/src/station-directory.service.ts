import { Injectable } from '@nestjs/common';
import { StationDirectory } from '@app/identity';
import { StationStatus } from './entities/station.entity';
import { StationsService } from './stations.service';

/**
 * Identity's port (libs/identity/src/ports.ts): createUser asks it for the station of a new
 * STATION_STAFF user. A revoked station takes no new staff, so it answers null for one.
 */
@Injectable()
export class StationDirectoryService implements StationDirectory {
  constructor(private readonly stations: StationsService) {}

  async supervisingUnitOf(stationId: string): Promise<{ orgUnitId: string; orgUnitPath: string } | null> {
    const s = await this.stations.load(stationId);
    return s && s.status !== StationStatus.REVOKED ? { orgUnitId: s.orgUnitId, orgUnitPath: s.orgUnitPath } : null;
  }
}
