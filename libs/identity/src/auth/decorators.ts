import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { AppClsStore, Principal } from '@app/platform';

export const IS_PUBLIC = 'isPublic';
/** Operations callable without signing in (login, public comments). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, _ctx: ExecutionContext): Principal | undefined => {
  return ClsServiceManager.getClsService<AppClsStore>().get('principal');
});
