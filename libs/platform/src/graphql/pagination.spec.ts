import { DomainError } from '../errors';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination';

describe('pagination', () => {
  it('caps page size at 100 and rejects negatives naming first', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(5)).toBe(5);
    expect(pageSize(1000)).toBe(100);
    expect(() => pageSize(-1)).toThrow(expect.objectContaining({ field: 'first' }));
  });

  it('round-trips opaque cursors and rejects forged ones naming after', () => {
    const c = encodeCursor(['2025-01-01T00:00:00Z', 'abc']);
    expect(c).not.toContain('abc');
    expect(decodeCursor(c, 2)).toEqual(['2025-01-01T00:00:00Z', 'abc']);
    for (const bad of ['!!', encodeCursor(['x']), Buffer.from('{"a":1}').toString('base64url')]) {
      let err: unknown;
      try {
        decodeCursor(bad, 2);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).field).toBe('after');
    }
  });

  it('uses the extra row only to tell hasNextPage', () => {
    const conn = toConnection([{ id: 1 }, { id: 2 }, { id: 3 }], 2, 10, (r) => [r.id], false);
    expect(conn.edges.map((e) => e.node.id)).toEqual([1, 2]);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(conn.totalCount).toBe(10);
    expect(decodeCursor(conn.pageInfo.endCursor, 1)).toEqual([2]);
    expect(toConnection([{ id: 1 }], 2, 1, (r) => [r.id], false).pageInfo.hasNextPage).toBe(false);
  });
});
