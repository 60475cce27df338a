import { v7 } from 'uuid';

/** Time-ordered UUIDv7 ids: new rows land at the right edge of their primary-key index. */
export function newId(): string {
  return v7();
}
