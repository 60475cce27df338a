/**
 * The role every application connection acts as: not a superuser, owns no table, no BYPASSRLS.
 * Set as a startup option of each pooled connection, so even a DATABASE_URL naming a
 * superuser (as on the development machines) runs under row-level security.
 */
export const RUNTIME_ROLE = 'sn_app';

export function runtimeConnectionOptions(): string {
  return `-c role=${RUNTIME_ROLE} -c timezone=UTC`;
}
