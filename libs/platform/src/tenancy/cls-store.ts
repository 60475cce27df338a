import type { ClsStore } from 'nestjs-cls';

/** What the signed-in caller is, as the auth guard leaves it in the request context. */
export interface Principal {
  kind: 'PLATFORM_ADMIN' | 'USER';
  id: string;
  tenantId: string | null;
  username: string;
  displayName: string;
  roles: string[];
  orgUnitId: string | null;
  /** ltree path of the user's org unit: scope is this path and everything under it. */
  orgUnitPath: string | null;
  stationId: string | null;
}

export interface AppClsStore extends ClsStore {
  tenantId?: string;
  principal?: Principal;
  requestId?: string;
}
