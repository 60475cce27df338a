import { Injectable } from '@nestjs/common';
import { AuditService, chinaToday, newId, TenantDb } from '@app/platform';
import { RecordTrainingInput } from './dto/inspection.input';
import { TrainingRecordModel } from './dto/inspection.model';
import { TrainingRecord } from './entities/training-record.entity';
import { StationsService } from './stations.service';
import { StationsError } from './stations.errors';

function toModel(t: TrainingRecord): TrainingRecordModel {
  return { id: t.id, stationId: t.stationId, traineeName: t.traineeName, trainedOn: t.trainedOn, hours: Number(t.hours), topic: t.topic, organizer: t.organizer };
}

/** Training of station staff (001 培训制度): who, when, how long, what, organised by whom. */
@Injectable()
export class TrainingService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly stations: StationsService,
  ) {}

  async record(input: RecordTrainingInput): Promise<TrainingRecordModel> {
    const { p, station } = await this.stations.getManaged(input.stationId, 'stationId');
    if (input.trainedOn > chinaToday()) throw StationsError.dateInFuture('trainedOn');
    return this.db.tx(async (em) => {
      await this.stations.holdUnrevoked(em, station.id, '登记培训');
      const row = em.create(TrainingRecord, {
        tenantId: this.db.tenantId,
        id: newId(),
        stationId: station.id,
        traineeName: input.traineeName,
        trainedOn: input.trainedOn,
        hours: input.hours,
        topic: input.topic,
        organizer: input.organizer,
        recordedById: p.id,
      });
      await em.insert(TrainingRecord, row);
      await this.audit.record(em, {
        action: 'training.record',
        entity: 'TrainingRecord',
        entityId: row.id,
        details: { stationId: station.id, traineeName: row.traineeName, trainedOn: row.trainedOn, hours: row.hours, topic: row.topic, organizer: row.organizer },
      });
      return toModel(row);
    });
  }

  /** A station's training records, newest first (any role that can see the station). */
  async listForStation(stationId: string): Promise<TrainingRecordModel[]> {
    const station = await this.stations.getVisible(stationId, 'stationId');
    return this.db.tx(async (em) => (await em.find(TrainingRecord, { where: { stationId: station.id }, order: { trainedOn: 'DESC', id: 'DESC' } })).map(toModel));
  }
}
