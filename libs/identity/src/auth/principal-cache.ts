import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig, PgListener, Principal } from '@app/platform';

/** NOTIFY channel of migration 1763900016000: `<tenant>:<user>`, `<tenant>:*` or `*`. */
export const PRINCIPAL_CHANNEL = 'principal_changed';
export const DEFAULT_PRINCIPAL_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The signed-in users' accounts as last read (enabled, roles, org unit path, station), so a
 * request need not re-read its caller: one round trip of openDispute's three.
 *
 * Copies are served only while this process hears the `principal_changed` notifications that
 * triggers on users and org units send at commit: a change drops the copy as soon as the
 * notification arrives (milliseconds), and the next request reads the account afresh. While the
 * LISTEN connection is down nothing is served from here (every request re-reads), and when it
 * is back everything read before is dropped, since notifications may have been missed. A read
 * that overlapped a notification is not kept (it may predate the change). The lifetime
 * (PRINCIPAL_CACHE_TTL_MS, 0 turns the cache off) only bounds a copy no change was announced for.
 */
@Injectable()
export class PrincipalCache implements OnModuleDestroy {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries?: LRUCache<string, Principal>;
  private readonly listener?: PgListener;
  /** Bumped by every invalidation: a read that began under another epoch is not kept. */
  private epoch = 0;
  private started = false;

  constructor(config: AppConfig) {
    const ttl = config.PRINCIPAL_CACHE_TTL_MS ?? DEFAULT_PRINCIPAL_CACHE_TTL_MS;
    if (ttl === 0) return;
    this.entries = new LRUCache({ max: MAX_ENTRIES, ttl });
    this.listener = new PgListener({
      connectionString: config.DATABASE_URL,
      channel: PRINCIPAL_CHANNEL,
      applicationName: 'station-network-principals',
      logger: this.logger,
      fallback: 'every request re-reads its account',
      onNotification: (payload) => this.invalidate(payload),
      onListening: () => this.clear(),
      onLost: () => this.clear(),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  /** Whether copies are served now (the cache is on and change notifications are heard). */
  isServing(): boolean {
    return !!this.listener?.isListening();
  }

  /** Invalidations heard so far (notifications, and connection losses and returns). */
  changesHeard(): number {
    return this.epoch;
  }

  /** Whether a copy of the user's account is held. */
  holds(tenantId: string, userId: string): boolean {
    return !!this.entries?.has(key(tenantId, userId));
  }

  /** The account from a copy, or from `read` (kept when no change was announced meanwhile). */
  async get(tenantId: string, userId: string, read: () => Promise<Principal | null>): Promise<Principal | null> {
    if (!this.listener || !this.entries) return read();
    if (!this.started) {
      // Started on first use, so processes that never authenticate (the worker) hold no connection.
      this.started = true;
      this.listener.start();
    }
    if (!this.listener.isListening()) return read();
    const k = key(tenantId, userId);
    const held = this.entries.get(k);
    if (held) return held;
    const epoch = this.epoch;
    const principal = await read();
    if (principal && epoch === this.epoch && this.listener.isListening()) this.entries.set(k, Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) as string[] }));
    return principal;
  }

  /** Drops the copy of one account at once (this process changed it; the NOTIFY tells the others). */
  drop(tenantId: string, userId: string): void {
    this.epoch++;
    this.entries?.delete(key(tenantId, userId));
  }

  private invalidate(payload: string): void {
    this.epoch++;
    if (payload === '*') return this.entries!.clear();
    if (!payload.endsWith(':*')) {
      this.entries!.delete(payload);
      return;
    }
    const prefix = payload.slice(0, -1);
    for (const k of [...this.entries!.keys()]) if (k.startsWith(prefix)) this.entries!.delete(k);
  }

  private clear(): void {
    this.epoch++;
    this.entries?.clear();
  }
}

const key = (tenantId: string, userId: string) => `${tenantId.toLowerCase()}:${userId.toLowerCase()}`;
