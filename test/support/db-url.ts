/** The maintenance connection tests create and drop databases with (superuser or owner). */
export function adminUrl(): string {
  // Fixed by the global setup before any test app points DATABASE_URL at its own clone.
  return process.env.SN_TEST_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
