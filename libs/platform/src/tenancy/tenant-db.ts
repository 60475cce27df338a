import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource, EntityManager } from 'typeorm';
import { AppClsStore } from './cls-store';

const TX_KEY = 'tx' as const;

/** Thrown when code reaches tenant data without a tenant in context: a bug, never a user error. */
export class TenantContextMissingError extends Error {
  constructor() {
    super('Tenant context missing: tenant data may only be reached inside a tenant context');
  }
}

/**
 * The only way to tenant tables. Every transaction sets `app.tenant_id` with
 * set_config(..., true) on the transaction's own query runner, so row-level security sees
 * the tenant of the caller and nothing else, and the setting dies with the transaction.
 */
@Injectable()
export class TenantDb {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly cls: ClsService<AppClsStore>,
  ) {}

  get tenantId(): string {
    const id = this.cls.isActive() ? this.cls.get('tenantId') : undefined;
    if (!id) throw new TenantContextMissingError();
    return id;
  }

  hasTenant(): boolean {
    return this.cls.isActive() && !!this.cls.get('tenantId');
  }

  /** Runs `fn` in a transaction of the current tenant; a nested call joins the outer one. */
  async tx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    // The transaction's manager sits in the request context so nested calls join it.
    const store = this.cls as unknown as { get(k: typeof TX_KEY): EntityManager | undefined; set(k: typeof TX_KEY, v: EntityManager | undefined): void };
    const outer = this.cls.isActive() ? store.get(TX_KEY) : undefined;
    if (outer) return fn(outer);
    const tenantId = this.tenantId;
    return this.cls.run({ ifNested: 'inherit' }, () =>
      this.dataSource.transaction(async (em) => {
        await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        store.set(TX_KEY, em);
        try {
          return await fn(em);
        } finally {
          store.set(TX_KEY, undefined);
        }
      }),
    );
  }

  /** Enters the context of `tenantId` (worker jobs, login, tenant creation) and runs a transaction. */
  async asTenant<T>(tenantId: string, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set('tenantId', tenantId);
      return this.tx(fn);
    });
  }
}
