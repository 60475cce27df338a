import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PlatformError } from '../errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field({ nullable: true }) endCursor?: string;
  @Field() hasPreviousPage: boolean;
  @Field({ nullable: true }) startCursor?: string;
}

export interface EdgeShape<T> {
  node: T;
  cursor: string;
}
export interface ConnectionShape<T> {
  edges: EdgeShape<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `XEdge` and `XConnection` object types for a node type (Relay). */
export function Connection<T>(node: Type<T>, name = node.name): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node) node: T;
    @Field() cursor: string;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionType as Type<ConnectionShape<T>>;
}

/** Page size: default 20, capped at 100 (a larger request gets 100, never an unbounded scan). */
export function pageSize(first?: number | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw PlatformError.badInput('first', '每页条数须为非负整数');
  return Math.min(first, MAX_PAGE_SIZE);
}

/** Opaque cursors: base64url of the sort key values of the last row. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number | null)[] | null {
  if (cursor === undefined || cursor === null) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === arity && value.every((v) => v === null || ['string', 'number'].includes(typeof v))) return value;
  } catch {
    /* fall through */
  }
  throw PlatformError.badInput('after', '分页游标无效');
}

/**
 * Turns `limit + 1` rows fetched after the cursor into a connection: the extra row only
 * tells whether there is a next page.
 */
export function toConnection<R, N = R>(
  rows: R[],
  limit: number,
  totalCount: number,
  keyOf: (row: R) => (string | number | null)[],
  hasPrevious: boolean,
  map: (row: R) => N = (r) => r as unknown as N,
): ConnectionShape<N> {
  const page = rows.slice(0, limit);
  const edges = page.map((r) => ({ node: map(r), cursor: encodeCursor(keyOf(r)) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor,
      endCursor: edges[edges.length - 1]?.cursor,
    },
  };
}
