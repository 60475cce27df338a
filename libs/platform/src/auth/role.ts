import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  TENANT_ADMIN = 'TENANT_ADMIN',
  CENTER_OPERATOR = 'CENTER_OPERATOR',
  OFFICER = 'OFFICER',
  STATION_STAFF = 'STATION_STAFF',
  EVALUATOR = 'EVALUATOR',
}
registerEnumType(Role, { name: 'Role', description: '用户角色' });
