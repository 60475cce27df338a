/**
 * The role every application connection acts as: not a superuser, owns no table, no BYPASSRLS.
 * Set as a startup option of each pooled connection, so even a DATABASE_URL naming a
 * superuser (as on the development machines) runs under row-level security.
 *
 * JIT compilation is off for the application: its statements run in milliseconds, and the
 * statistics rebuild, whose estimated cost crosses jit_above_cost, spent 1.6 s compiling
 * itself for 0.1 s of work.
 */
export const RUNTIME_ROLE = 'sn_app';

export function runtimeConnectionOptions(): string {
  return `-c role=${RUNTIME_ROLE} -c timezone=UTC -c jit=off`;
}
