// Shared helpers of the hardening sweeps (issue 9): walk the served GraphQL schema, build
// selection sets and plausible arguments, and count rows per table with the owner connection.
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
} from 'graphql';
import { Client } from 'pg';
import { TestApp } from '../support/app';

export type Op = { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> };

export function servedSchema(t: TestApp): GraphQLSchema {
  return t.app.get(GraphQLSchemaHost).schema;
}

export function operations(schema: GraphQLSchema): Op[] {
  const q = Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field }));
  const m = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: 'mutation' as const, field }));
  return [...q, ...m];
}

/** Whether an input type is or contains (through input objects and lists) the ID scalar. */
export function containsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((f) => containsId(f.type, seen));
  }
  return false;
}

function countTokens(s: string): number {
  return s.split(/[\s{}]+/).filter(Boolean).length + (s.match(/[{}]/g)?.length ?? 0);
}

/** Every argument-free leaf field, objects down to `depth` levels, always with __typename. */
export function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type) as GraphQLNamedType;
  if (isLeafType(named)) return '';
  if (isUnionType(named)) return '{ __typename }';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const f of Object.values(named.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const fn = getNamedType(f.type);
    if (isLeafType(fn)) parts.push(f.name);
    else if (depth > 1) parts.push(`${f.name} ${selection(f.type, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** The deepest selection (≤ 3 levels) that stays well inside the token limit. */
export function boundedSelection(type: GraphQLOutputType): string {
  for (let d = 3; d >= 1; d--) {
    const s = selection(type, d);
    if (countTokens(s) < 1500) return s;
  }
  return selection(type, 1);
}

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

/** A document calling one root field with every argument bound to a variable of the same name. */
export function documentFor(op: Op, args: readonly GraphQLArgument[] = op.field.args): string {
  const vars = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const sel = boundedSelection(op.field.type);
  return `${op.kind}${vars ? `(${vars})` : ''} { ${op.field.name}${call ? `(${call})` : ''} ${sel} }`;
}

export type Ctx = { opName: string; argName: string; parent?: string };
export type LeafFn = (named: GraphQLNamedType, ctx: Ctx) => unknown;

/** A plausible value of an input type; optional fields are filled when `fillOptional` says so. */
export function plausible(type: GraphQLInputType, ctx: Ctx, leaf: LeafFn, fillOptional: (name: string, t: GraphQLInputType) => boolean): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, ctx, leaf, fillOptional);
  if (isListType(type)) return [plausible(type.ofType, ctx, leaf, fillOptional)];
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const required = isNonNullType(f.type) && f.defaultValue === undefined;
      if (!required && !fillOptional(f.name, f.type)) continue;
      out[f.name] = plausible(f.type, { ...ctx, argName: f.name, parent: type.name }, leaf, fillOptional);
    }
    return out;
  }
  return leaf(type as GraphQLNamedType, ctx);
}

/** Default plausible leaves, by scalar and by argument name. */
export function defaultLeaf(named: GraphQLNamedType, ctx: Ctx): unknown {
  const n = ctx.argName.toLowerCase();
  if (isEnumType(named)) return named.getValues()[0].value ?? named.getValues()[0].name;
  switch (named.name) {
    case 'Int':
      if (n.includes('year')) return 2025;
      if (n === 'first') return 5;
      if (n.includes('days')) return 5;
      if (n === 'maxpoints') return 10;
      return 1;
    case 'Float':
      if (n === 'weight') return 1;
      return 1;
    case 'Boolean':
      return true;
    case 'Date':
      return '2025-06-02';
    case 'DateTime':
      return new Date(Date.now() - 3_600_000).toISOString();
    case 'ID':
      return '00000000-0000-4000-8000-000000000000';
    default:
      if (n.includes('phone')) return '13800138000';
      if (n.includes('amount')) return '100.00';
      if (n.includes('creditcode')) return '91130631MA0000000X';
      if (n === 'month') return '2025-06';
      if (n === 'code') return 'X_CODE';
      if (n === 'password' || n === 'adminpassword') return 'Passw0rd-test';
      return '测试';
  }
}

const countSql = new WeakMap<TestApp, { all: string; tenant: string }>();
const clients = new WeakMap<TestApp, Client>();

/** One owner connection per app for the many counts (t.sql connects per query). */
async function owner(t: TestApp): Promise<Client> {
  let c = clients.get(t);
  if (!c) {
    c = new Client({ connectionString: t.db.url });
    clients.set(t, c);
    await c.connect();
  }
  return c;
}

export async function closeCounts(t: TestApp): Promise<void> {
  const c = clients.get(t);
  clients.delete(t);
  await c?.end();
}

/** Row counts of every table of the public schema, or of one tenant only (tables with tenant_id). */
export async function tableCounts(t: TestApp, tenantId?: string): Promise<Record<string, number>> {
  let sqls = countSql.get(t);
  if (!sqls) {
    const cols = await t.sql<{ table_name: string; has_tenant: boolean }>(
      `select c.table_name, bool_or(c.column_name = 'tenant_id') as has_tenant
         from information_schema.columns c join information_schema.tables tb using (table_schema, table_name)
        where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' group by c.table_name order by c.table_name`,
    );
    const tables = cols.filter((c) => !/migrations/.test(c.table_name));
    sqls = {
      all: tables.map((c) => `select '${c.table_name}' t, count(*)::int n from "${c.table_name}"`).join(' union all '),
      tenant: tables
        .filter((c) => c.has_tenant)
        .map((c) => `select '${c.table_name}' t, count(*)::int n from "${c.table_name}" where tenant_id = $1`)
        .join(' union all '),
    };
    countSql.set(t, sqls);
  }
  const c = await owner(t);
  const rows = (tenantId ? await c.query(sqls.tenant, [tenantId]) : await c.query(sqls.all)).rows as { t: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
