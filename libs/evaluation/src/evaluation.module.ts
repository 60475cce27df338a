import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { StationsModule } from '@app/stations';
import { EvaluationApplication, PublicComment, ScoreSheet } from './entities/application.entity';
import { EvaluationCriterion, EvaluationRound } from './entities/evaluation-round.entity';
import { ModelTitle } from './entities/model-title.entity';
import { ApplicationResolver, EvaluationRoundResolver, ModelTitleResolver } from './evaluation.resolver';
import { EvaluationService } from './evaluation.service';
import { IndicatorsService } from './indicators.service';
import { PublicCommentsService } from './public-comments.service';

@Module({
  imports: [IdentityModule, StationsModule, TypeOrmModule.forFeature([EvaluationRound, EvaluationCriterion, EvaluationApplication, ScoreSheet, PublicComment, ModelTitle])],
  providers: [EvaluationService, PublicCommentsService, IndicatorsService, EvaluationRoundResolver, ApplicationResolver, ModelTitleResolver],
  exports: [EvaluationService],
})
export class EvaluationModule {}
