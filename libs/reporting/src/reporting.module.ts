import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { IdentityModule } from '@app/identity';
import { AlertsResolver } from './alerts.resolver';
import { AlertsService } from './alerts.service';
import { ConsumerAlert } from './entities/consumer-alert.entity';
import { PeriodicReport } from './entities/periodic-report.entity';
import { ExportsController } from './export/exports.controller';
import { LedgerService } from './export/ledger.service';
import { StatisticsExportService } from './export/statistics-export.service';
import { PeriodicReportsService } from './periodic-reports.service';
import { StatisticsRollups } from './statistics-rollups';
import { ReportingResolver } from './reporting.resolver';
import { ReportingService } from './reporting.service';

/** Statistics, hot spots, periodic reports, consumer alerts and the file exports (ledger and statistics, CSV and XLSX; issue 8). Reads disputes, center cases and call-backs with SQL aggregates. */
@Module({
  imports: [IdentityModule, CalendarModule, TypeOrmModule.forFeature([ConsumerAlert, PeriodicReport])],
  controllers: [ExportsController],
  providers: [ReportingService, ReportingResolver, AlertsService, AlertsResolver, PeriodicReportsService, StatisticsRollups, LedgerService, StatisticsExportService],
  exports: [ReportingService, AlertsService, PeriodicReportsService, StatisticsRollups, LedgerService, StatisticsExportService],
})
export class ReportingModule {}
