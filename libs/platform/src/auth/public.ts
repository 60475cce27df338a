import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Operations and routes callable without signing in (login, public comments, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
