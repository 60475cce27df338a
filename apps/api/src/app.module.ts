import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig, HealthModule, PlatformModule } from '@app/platform';
import { IdentityModule } from '@app/identity';
import { CalendarModule } from '@app/calendar';
import { StationsModule } from '@app/stations';
import { DisputesModule } from '@app/disputes';
import { CenterModule } from '@app/center';
import { EvaluationModule } from '@app/evaluation';
import { ReportingModule } from '@app/reporting';
import { consoleModules } from './console';
import { graphqlOptions } from './graphql.config';

/** The API wires the libs together; resolvers live in the libs. */
export const DOMAIN_MODULES = [IdentityModule, CalendarModule, StationsModule, DisputesModule, CenterModule, EvaluationModule, ReportingModule];

@Module({
  imports: [
    PlatformModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig],
      useFactory: graphqlOptions,
    }),
    HealthModule,
    ...DOMAIN_MODULES,
    // The web console at / when dist/console exists (its fallback never matches an API route).
    ...consoleModules(),
  ],
})
export class AppModule {}
