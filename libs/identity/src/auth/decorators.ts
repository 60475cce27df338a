import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { AppClsStore, Principal } from '@app/platform';

export { IS_PUBLIC, Public } from '@app/platform';

export const CurrentPrincipal = createParamDecorator((_: unknown, _ctx: ExecutionContext): Principal | undefined => {
  return ClsServiceManager.getClsService<AppClsStore>().get('principal');
});
