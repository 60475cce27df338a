import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { escapeLiteral } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, QueryRunner } from 'typeorm';
import { insertRows, insertRowsStatement } from '../database/insert-rows';
import { AppClsStore } from './cls-store';

const TX_KEY = 'tx' as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens the transaction and sets `app.tenant_id` local to it in one round trip: both statements
 * in one simple-protocol Query message (the literal is a checked UUID, so nothing to escape).
 * Anything else takes the two-step parameterised path.
 */
export async function beginTenantTransaction(qr: QueryRunner, tenantId: string): Promise<void> {
  await beginTenantTransactionWith(qr, tenantId);
}

/** A statement with `$n` parameters, as em.query takes it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** `value` as an SQL literal, for the types a statement sent with BEGIN may take. */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return escapeLiteral(value);
  if (typeof value === 'number' && Number.isFinite(value)) return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date && !Number.isNaN(value.getTime())) return `'${value.toISOString()}'`;
  throw new Error(`A statement sent with BEGIN cannot take the parameter ${String(value)}`);
}

/**
 * `statement` with its parameters written in as literals (quoted and escaped: the same text a
 * parameter would carry, still typed by its context). Its SQL must hold no `$n` other than the
 * parameters (no dollar-quoted text).
 */
export function inlineParameters({ sql, params }: Statement): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) < 1 || Number(n) > params.length) throw new Error(`Statement parameter $${n} missing`);
    return sqlLiteral(params[Number(n) - 1]);
  });
}

/**
 * beginTenantTransaction, and with `first` its rows: the statement runs in the same message as
 * the BEGIN, parameters inlined (inlineParameters), so the transaction's first read costs no
 * round trip of its own.
 */
async function beginTenantTransactionWith(qr: QueryRunner, tenantId: string, first?: Statement): Promise<unknown[]> {
  if (!UUID.test(tenantId)) {
    await qr.startTransaction();
    await qr.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return first ? qr.query(first.sql, first.params) : [];
  }
  const firstSql = first ? inlineParameters(first) : undefined;
  // The state QueryRunner.startTransaction records, so commit/rollback and nested transactions
  // (savepoints) behave as usual; set first, as it does, so a failed begin is rolled back.
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  const begin = `START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`;
  if (!firstSql) {
    await qr.query(begin);
    return [];
  }
  // Straight to the driver: QueryRunner.query drops the results of a multi-statement message.
  const client = (await qr.connect()) as { query(sql: string): Promise<{ rows: unknown[] }[]> };
  const sql = `${begin}; ${firstSql}`;
  qr.connection.logger.logQuery(sql, undefined, qr);
  try {
    const results = await client.query(sql);
    return results[results.length - 1].rows;
  } catch (e) {
    throw new QueryFailedError(sql, undefined, e as Error);
  }
}

const ROWS_TAG = '$sn_rows$';

/**
 * `json` as an SQL literal: dollar-quoted (copied as is, no escaping pass over a large text) unless
 * the tag occurs in it; then escapeLiteral (quotes and backslashes escaped, E'' form).
 */
function jsonLiteral(json: string): string {
  return json.includes(ROWS_TAG) ? escapeLiteral(json) : `${ROWS_TAG}${json}${ROWS_TAG}`;
}

/**
 * Commits with `statements` run first, in the same round trip: one simple-protocol Query message
 * `stmt; …; COMMIT`. Inside the open transaction block a failing statement skips the rest, so the
 * COMMIT does not run and the caller rolls back, as after any failed statement.
 */
async function commitAfter(qr: QueryRunner, statements: string[]): Promise<void> {
  await qr.query(`${statements.join('; ')}; COMMIT`);
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}

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
  /** Statements each open transaction of tx() runs with its COMMIT (insertAtCommit), by its manager. */
  private readonly atCommit = new WeakMap<EntityManager, string[]>();

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
  tx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.txFrom(undefined, (em) => fn(em));
  }

  /**
   * tx() whose first statement `first` travels with the BEGIN (beginTenantTransactionWith): `fn`
   * gets its rows, one round trip sooner. Within an outer transaction it simply runs first.
   */
  async txFrom<R, T>(first: Statement | undefined, fn: (em: EntityManager, rows: R[]) => Promise<T>): Promise<T> {
    // The transaction's manager sits in the request context so nested calls join it.
    const store = this.cls as unknown as { get(k: typeof TX_KEY): EntityManager | undefined; set(k: typeof TX_KEY, v: EntityManager | undefined): void };
    const outer = this.cls.isActive() ? store.get(TX_KEY) : undefined;
    if (outer) return fn(outer, first ? await outer.query(first.sql, first.params) : []);
    const tenantId = this.tenantId;
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      // What DataSource.transaction does, with the tenant set in the same round trip as BEGIN.
      const qr = this.dataSource.createQueryRunner();
      try {
        const rows = (await beginTenantTransactionWith(qr, tenantId, first)) as R[];
        store.set(TX_KEY, qr.manager);
        const atCommit: string[] = [];
        this.atCommit.set(qr.manager, atCommit);
        let result: T;
        try {
          result = await fn(qr.manager, rows);
        } finally {
          store.set(TX_KEY, undefined);
          this.atCommit.delete(qr.manager);
        }
        if (atCommit.length) await commitAfter(qr, atCommit);
        else await qr.commitTransaction();
        return result;
      } catch (e) {
        if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
        throw e;
      } finally {
        await qr.release();
      }
    });
  }

  /**
   * Inserts `rows` when the transaction of `em` (one of tx()) commits, in the COMMIT's own round
   * trip: for rows nothing reads before the commit (the audit trail, a row built in full by its
   * service) a mutation saves a round trip. Atomic as any insert of the transaction: if it fails,
   * nothing commits. On a manager that is not an open transaction of tx(), inserts at once.
   * Not for use inside a savepoint (em.transaction within tx): rows queued there would still be
   * inserted at the COMMIT after the savepoint rolled back. Nothing here uses savepoints.
   */
  async insertAtCommit<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
    if (!rows.length) return;
    const atCommit = this.atCommit.get(em);
    if (!atCommit) {
      await insertRows(em, target, rows);
      return;
    }
    const { sql, json } = insertRowsStatement(em, target, rows);
    // A replacer function: in a replacement string, `$$` and `$&` would be patterns, not text.
    atCommit.push(sql.replace('$1::json', () => `${jsonLiteral(json)}::json`));
  }

  /** Enters the context of `tenantId` (worker jobs, login, tenant creation) and runs a transaction. */
  async asTenant<T>(tenantId: string, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.withTenant(tenantId, () => this.tx(fn));
  }

  /**
   * Runs `fn` in a fresh context of `tenantId` with no principal (so no caller's access applies):
   * for what the system itself reads, such as the signed-in user's own unit in login's answer.
   */
  withTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set('tenantId', tenantId);
      return fn();
    });
  }
}
