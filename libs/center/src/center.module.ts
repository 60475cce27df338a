import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { DisputesModule } from '@app/disputes';
import { IdentityModule } from '@app/identity';
import { StationsModule } from '@app/stations';
import { CallbackResolver, CenterResolver, DisputeCenterCaseResolver } from './center.resolver';
import { CenterService } from './center.service';
import { CaseCallback } from './entities/case-callback.entity';
import { CenterCase } from './entities/center-case.entity';
import { EscalationService } from './escalation.service';

/** 12315 center cases, deadlines, urging, call-backs, archive; the escalation pipeline's database side (issue 6). */
@Module({
  imports: [IdentityModule, StationsModule, DisputesModule, CalendarModule, TypeOrmModule.forFeature([CenterCase, CaseCallback])],
  providers: [CenterService, EscalationService, CenterResolver, CallbackResolver, DisputeCenterCaseResolver],
  exports: [CenterService, EscalationService],
})
export class CenterModule {}
