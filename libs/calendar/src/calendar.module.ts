import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { CalendarResolver } from './calendar.resolver';
import { CalendarService } from './calendar.service';
import { DeadlinesService } from './deadlines.service';
import { CalendarOverrideEntity } from './entities/calendar-override.entity';
import { CalendarRevisionEntity } from './entities/calendar-revision.entity';
import { CalendarYearEntity } from './entities/calendar-year.entity';
import { Deadline } from './entities/deadline.entity';
import { RulebookVersionEntity } from './entities/rulebook-version.entity';
import { RulebookService } from './rulebook.service';

/** Working-day calendar, deadline rulebook and deadline rows (issue 5). Import it to use the exported services. */
@Module({
  imports: [TypeOrmModule.forFeature([CalendarOverrideEntity, CalendarYearEntity, CalendarRevisionEntity, RulebookVersionEntity, Deadline]), IdentityModule],
  providers: [CalendarService, RulebookService, DeadlinesService, CalendarResolver],
  exports: [CalendarService, RulebookService, DeadlinesService],
})
export class CalendarModule {}
