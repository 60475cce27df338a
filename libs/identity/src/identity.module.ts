import { createSecretKey } from 'crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/platform';
import { AccessService } from './access.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { PrincipalCache } from './auth/principal-cache';
import { OrgUnit } from './entities/org-unit.entity';
import { PlatformAdmin } from './entities/platform-admin.entity';
import { Tenant } from './entities/tenant.entity';
import { User } from './entities/user.entity';
import { IdentityResolver, OrgUnitResolver, UserResolver } from './identity.resolver';
import { OrgUnitsService } from './org-units.service';
import { TenantsService } from './tenants.service';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Tenant, PlatformAdmin, OrgUnit, User]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not the string: jsonwebtoken would otherwise try (and fail) to parse the
      // string as a PEM public key on every verify before taking it as a secret (~1 ms a request).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, PrincipalCache, AccessService, OrgUnitsService, UsersService, TenantsService, IdentityResolver, OrgUnitResolver, UserResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AccessService, OrgUnitsService, UsersService, AuthService, PrincipalCache],
})
export class IdentityModule {}
