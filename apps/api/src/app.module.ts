import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig, HealthModule, PlatformModule } from '@app/platform';
import { IdentityModule } from '@app/identity';
import { graphqlOptions } from './graphql.config';

/** The API wires the libs together; resolvers live in the libs. */
export const DOMAIN_MODULES = [IdentityModule];

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
  ],
})
export class AppModule {}
