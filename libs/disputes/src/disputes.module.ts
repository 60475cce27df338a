import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { IdentityModule } from '@app/identity';
import { StationsModule } from '@app/stations';
import { DisputesResolver } from './disputes.resolver';
import { DisputesService } from './disputes.service';
import { Dispute } from './entities/dispute.entity';
import { OutboxMessage } from './entities/outbox-message.entity';
import { RulebookSettlementClock, SETTLEMENT_CLOCK } from './settlement-clock';

/** Counter disputes and on-site settlement (issue 4). */
@Module({
  imports: [IdentityModule, StationsModule, CalendarModule, TypeOrmModule.forFeature([Dispute, OutboxMessage])],
  providers: [DisputesService, DisputesResolver, { provide: SETTLEMENT_CLOCK, useClass: RulebookSettlementClock }],
  exports: [DisputesService, SETTLEMENT_CLOCK],
})
export class DisputesModule {}
