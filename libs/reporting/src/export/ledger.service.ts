import { Injectable } from '@nestjs/common';
import { AccessService, OrgUnitsService } from '@app/identity';
import { AuditService, isValidDateString, PersonalDataCipher, PlatformError, Role, startOfChinaDay, addCalendarDays, TenantDb } from '@app/platform';
import { LedgerRow } from './ledger-columns';

/** Rows read per page: each page is its own short transaction, so memory stays flat whatever the ledger's size. */
export const LEDGER_PAGE = 500;

export interface LedgerQuery {
  orgUnitId?: string;
  from?: string;
  to?: string;
}

interface RawRow {
  id: string;
  after_at: string;
  case_number: string;
  type: string;
  channel: string;
  status: string;
  received_at: Date;
  accepted_at: Date | null;
  assigned_at: Date | null;
  closed_at: Date | null;
  registered_unit: string;
  assigned_unit: string | null;
  complainant_name_enc: string;
  complainant_phone_enc: string;
  respondent_name: string | null;
  respondent_credit_code: string | null;
  subject: string;
  outcome: string | null;
  amount_claimed_fen: string | null;
  amount_recovered_fen: string | null;
}

/**
 * The complaint ledger (投诉受理台账): one row per center case registered at or
 * assigned to a unit in the chosen subtree, received within [from, to] (China dates), in
 * received order. CENTER_OPERATOR and OFFICER in scope. Complainants' name and phone are shown
 * (the caller may see them for these cases); a REPORT's reporter never is (showing a reporter is
 * audited one case at a time, not in bulk). The export itself is audited.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /**
   * Checks everything first (errors before any byte is sent), then returns the rows lazily, a
   * page at a time: the one row source of the CSV and XLSX exports.
   */
  async open(q: LedgerQuery): Promise<AsyncIterable<LedgerRow[]>> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR, Role.OFFICER);
    for (const f of ['from', 'to'] as const) {
      if (q[f] != null && q[f] !== '' && !isValidDateString(q[f])) throw PlatformError.badInput(f, `${f === 'from' ? '起始' : '截止'}日期须为有效的 YYYY-MM-DD 格式`);
    }
    if (q.from && q.to && q.from > q.to) throw PlatformError.badInput('to', '截止日期不能早于起始日期');
    const unit = q.orgUnitId ? await this.orgUnits.get(q.orgUnitId, 'orgUnitId') : p.orgUnitId ? await this.orgUnits.get(p.orgUnitId, 'orgUnitId') : null;
    if (!unit) throw PlatformError.forbidden();
    this.access.requireScope(p, unit.path);
    const start = q.from ? startOfChinaDay(q.from) : new Date(0);
    const end = q.to ? startOfChinaDay(addCalendarDays(q.to, 1)) : new Date(8_640_000_000_000_000);
    await this.db.tx((em) =>
      this.audit.record(em, { action: 'ledger.export', entity: 'OrgUnit', entityId: unit.id, details: { from: q.from ?? null, to: q.to ?? null } }),
    );
    return this.read(unit.path, start, end);
  }

  /**
   * Keyset pages in (received_at, id) order, each read in its own short transaction (an export
   * that waits for a slow client holds no transaction and no connection meanwhile). A page is
   * the next rows of the received-time index (the scope a filter on the units, so a page never
   * sorts the rest of the ledger), then their units' names. The next page is read while the
   * consumer writes this one (at most one page ahead).
   */
  private async *read(path: string, start: Date, end: Date): AsyncGenerator<LedgerRow[]> {
    const [{ ids }] = await this.db.tx((em) => em.query(`SELECT coalesce(array_agg(u.id), '{}')::text[] AS ids FROM org_units u WHERE u.path <@ CAST($1 AS ltree)`, [path]));
    const page = (after: [string, string] | null): Promise<RawRow[]> => {
      const rows = this.db.tx((em) =>
        em.query(
          `SELECT c.id, c.received_at::text AS after_at, c.case_number, c.type, c.channel, c.status, c.received_at, c.accepted_at, c.assigned_at, c.closed_at,
                  ru.name AS registered_unit, au.name AS assigned_unit, c.complainant_name_enc, c.complainant_phone_enc,
                  c.respondent_name, c.respondent_credit_code, c.subject, c.outcome, c.amount_claimed_fen, c.amount_recovered_fen
           FROM (SELECT * FROM center_cases c
                 WHERE c.received_at >= $2 AND c.received_at < $3${after ? ' AND (c.received_at, c.id) > ($4::timestamptz, $5::uuid)' : ''}
                   AND (c.registered_unit_id = ANY($1::uuid[]) OR c.assigned_unit_id = ANY($1::uuid[]))
                 ORDER BY c.received_at, c.id
                 LIMIT ${LEDGER_PAGE}) c
           JOIN org_units ru ON ru.tenant_id = c.tenant_id AND ru.id = c.registered_unit_id
           LEFT JOIN org_units au ON au.tenant_id = c.tenant_id AND au.id = c.assigned_unit_id
           ORDER BY c.received_at, c.id`,
          after ? [ids, start, end, after[0], after[1]] : [ids, start, end],
        ),
      );
      // Handled now (awaiting it later still throws): a failure while the consumer writes is not "unhandled".
      rows.catch(() => undefined);
      return rows;
    };
    // A consumer that stops early (client gone) drops the page read ahead, if any.
    let next: Promise<RawRow[]> | null = page(null);
    while (next) {
      const rows: RawRow[] = await next;
      // The text form keeps the microseconds a JS Date would drop (the next page must start after this row, not at it).
      const last = rows[rows.length - 1];
      next = rows.length < LEDGER_PAGE ? null : page([last.after_at, last.id]);
      if (rows.length) yield rows.map((r) => this.toRow(r));
    }
  }

  private toRow(r: RawRow): LedgerRow {
    const contact = r.type !== 'REPORT';
    return {
      caseNumber: r.case_number,
      type: r.type,
      channel: r.channel,
      status: r.status,
      receivedAt: r.received_at,
      acceptedAt: r.accepted_at,
      assignedAt: r.assigned_at,
      closedAt: r.closed_at,
      registeredUnit: r.registered_unit,
      assignedUnit: r.assigned_unit,
      complainantName: contact ? this.cipher.decrypt(r.complainant_name_enc) : null,
      complainantPhone: contact ? this.cipher.decrypt(r.complainant_phone_enc) : null,
      respondentName: r.respondent_name,
      respondentCreditCode: r.respondent_credit_code,
      subject: r.subject,
      outcome: r.outcome,
      amountClaimedFen: r.amount_claimed_fen,
      amountRecoveredFen: r.amount_recovered_fen,
    };
  }
}
