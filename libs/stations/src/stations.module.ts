import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { IdentityModule, STATION_DIRECTORY } from '@app/identity';
import { ChecklistItem } from './entities/checklist-item.entity';
import { HostEnterprise } from './entities/host-enterprise.entity';
import { Inspection } from './entities/inspection.entity';
import { Rectification } from './entities/rectification.entity';
import { StationCodeCounter } from './entities/station-code-counter.entity';
import { Station } from './entities/station.entity';
import { StationVerification } from './entities/station-verification.entity';
import { TrainingRecord } from './entities/training-record.entity';
import { InspectionsService } from './inspections.service';
import { StationDirectoryService } from './station-directory.service';
import { StationImportService } from './station-import.service';
import { InspectionsResolver, StationsResolver, UserStationResolver } from './stations.resolver';
import { StationsService } from './stations.service';
import { TrainingService } from './training.service';
import { VerificationService } from './verification.service';

/**
 * Global so that identity's UsersService, which injects STATION_DIRECTORY optionally and
 * cannot import this module (libs depend downward only), finds the port.
 */
@Global()
@Module({
  imports: [
    IdentityModule,
    CalendarModule,
    TypeOrmModule.forFeature([HostEnterprise, Station, StationCodeCounter, ChecklistItem, Inspection, Rectification, TrainingRecord, StationVerification]),
  ],
  providers: [
    StationsService,
    InspectionsService,
    TrainingService,
    VerificationService,
    StationImportService,
    StationDirectoryService,
    { provide: STATION_DIRECTORY, useExisting: StationDirectoryService },
    StationsResolver,
    InspectionsResolver,
    UserStationResolver,
  ],
  exports: [StationsService, STATION_DIRECTORY],
})
export class StationsModule {}
