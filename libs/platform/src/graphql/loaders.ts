import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ClsService } from 'nestjs-cls';
import { AppClsStore } from '../tenancy/cls-store';

const LOADERS = Symbol('loaders');

/**
 * Per-request DataLoaders: each lives in the request's context, so batching and caching
 * never cross requests (or tenants). Keys are ids within the caller's tenant.
 */
@Injectable()
export class DataLoaderFactory {
  constructor(private readonly cls: ClsService<AppClsStore>) {}

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    if (!this.cls.isActive()) return new DataLoader<K, V>(batch, { cache: false });
    let map = this.cls.get(LOADERS as never) as Map<string, DataLoader<unknown, unknown>> | undefined;
    if (!map) {
      map = new Map();
      this.cls.set(LOADERS as never, map as never);
    }
    const tenantKey = `${this.cls.get('tenantId') ?? '-'}:${name}`;
    let loader = map.get(tenantKey) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      map.set(tenantKey, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results like the keys; a missing row becomes null. */
export function byKeys<V, K>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): (V | null)[] {
  const m = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => m.get(k) ?? null);
}
