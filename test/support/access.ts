import { codeOf, GqlResult, TestApp } from './app';

export interface AccessCase {
  query: string;
  variables?: Record<string, unknown>;
  /** A user of another tenant: must get NOT_FOUND (never learn that the thing exists). */
  otherTenant?: string;
  /** Users of the right tenant without the role or outside the scope: must get FORBIDDEN. */
  forbidden?: string[];
  /** Assert nothing was written by the refused calls (e.g. count rows of a table). */
  unchanged?: () => Promise<unknown>;
}

function describeErr(res: GqlResult): string {
  return JSON.stringify(res.errors ?? res.data);
}

/** The one helper every operation's access tests go through (issue: platform, tests). */
export async function expectAccessDenied(t: TestApp, c: AccessCase): Promise<void> {
  const before = c.unchanged ? await c.unchanged() : undefined;
  if (c.otherTenant) {
    const res = await t.gql(c.query, c.variables, c.otherTenant);
    if (codeOf(res) !== 'NOT_FOUND') throw new Error(`other tenant: expected NOT_FOUND, got ${describeErr(res)}`);
  }
  for (const [i, token] of (c.forbidden ?? []).entries()) {
    const res = await t.gql(c.query, c.variables, token);
    if (codeOf(res) !== 'FORBIDDEN') throw new Error(`forbidden[${i}]: expected FORBIDDEN, got ${describeErr(res)}`);
  }
  if (c.unchanged) expect(await c.unchanged()).toEqual(before);
}

export function expectError(res: GqlResult, code: string, field?: string): void {
  if (codeOf(res) !== code || (field !== undefined && res.errors?.[0]?.extensions?.field !== field)) {
    throw new Error(`expected ${code}${field ? ` (field ${field})` : ''}, got ${describeErr(res)}`);
  }
}
