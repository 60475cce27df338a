import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ClsService } from 'nestjs-cls';
import { PinoLogger } from 'nestjs-pino';
import { AppClsStore, DomainError, PlatformError } from '@app/platform';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './decorators';

/**
 * Resolves the bearer token once per request into the request context: the principal and
 * its tenant, which every later database call uses for row-level security.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly cls: ClsService<AppClsStore>,
    private readonly logger: PinoLogger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getContext().req : context.switchToHttp().getRequest();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (!this.cls.get('principal')) {
      const header: string | undefined = req?.headers?.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (token) {
        const principal = await this.auth.principalFromToken(token).catch((e) => {
          // REST routes (health, CSV exports) answer a dead token with 401, not a 500.
          throw context.getType<string>() !== 'graphql' && e instanceof DomainError ? new UnauthorizedException(e.message) : e;
        });
        this.cls.set('principal', principal);
        if (principal.tenantId) this.cls.set('tenantId', principal.tenantId);
        try {
          this.logger.assign({ tenantId: principal.tenantId, userId: principal.id });
        } catch {
          /* outside an HTTP request (e.g. tests calling resolvers directly) */
        }
      }
    }
    if (!isPublic && !this.cls.get('principal')) {
      throw context.getType<string>() === 'graphql' ? PlatformError.unauthenticated() : new UnauthorizedException();
    }
    return true;
  }
}
