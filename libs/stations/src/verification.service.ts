import { Injectable } from '@nestjs/common';
import { AuditService, chinaToday, newId, PlatformError, TenantDb } from '@app/platform';
import { StationVerificationModel } from './dto/inspection.model';
import { Station, StationStatus } from './entities/station.entity';
import { StationVerification } from './entities/station-verification.entity';
import { STATION_STATUS_LABELS } from './station-lifecycle';
import { StationsService } from './stations.service';
import { StationsError } from './stations.errors';

export const FIRST_VERIFICATION_YEAR = 2000;

/** A year the directory can be verified for: not before 2000, not after the current year. */
export function assertVerificationYear(year: number, field = 'year', today = chinaToday()): number {
  if (!Number.isInteger(year) || year < FIRST_VERIFICATION_YEAR || year > Number(today.slice(0, 4))) throw StationsError.badYear(field);
  return year;
}

/** The yearly line-by-line check of the directory (003: 逐条对照核查). */
@Injectable()
export class VerificationService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly stations: StationsService,
  ) {}

  async verify(stationId: string, year: number, note?: string | null): Promise<StationVerificationModel> {
    const { p, station } = await this.stations.getManaged(stationId, 'id');
    assertVerificationYear(year);
    return this.db.tx(async (em) => {
      // The station row lock serialises verifications of one station, so the check below holds.
      const locked = await em.findOne(Station, { where: { id: station.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw StationsError.stationNotFound();
      if (locked.status === StationStatus.REVOKED) throw PlatformError.invalidTransition(locked.status, '年度核查', { from: STATION_STATUS_LABELS[locked.status] });
      if (await em.exists(StationVerification, { where: { stationId: station.id, year } })) throw StationsError.alreadyVerified();
      const row = em.create(StationVerification, {
        tenantId: this.db.tenantId,
        id: newId(),
        stationId: station.id,
        year,
        verifiedOn: chinaToday(),
        verifiedById: p.id,
        verifiedByName: p.displayName,
        note: note?.trim() || null,
      });
      await em.insert(StationVerification, row);
      await this.audit.record(em, { action: 'station.verify', entity: 'Station', entityId: station.id, details: { year, note: row.note } });
      return { id: row.id, stationId: row.stationId, year: row.year, verifiedOn: row.verifiedOn, verifiedByName: row.verifiedByName, note: row.note };
    });
  }
}
