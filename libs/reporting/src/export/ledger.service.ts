import { Injectable } from '@nestjs/common';
import { AccessService, OrgUnitsService } from '@app/identity';
import { AuditService, isValidDateString, PersonalDataCipher, PlatformError, Role, startOfChinaDay, addCalendarDays, TenantDb } from '@app/platform';
import { ledgerLine, LedgerRow } from './ledger-csv';

/** Rows read per page: each page is its own short transaction, so memory stays flat whatever the ledger's size. */
export const LEDGER_PAGE = 2000;

export interface LedgerQuery {
  orgUnitId?: string;
  from?: string;
  to?: string;
}

interface RawRow {
  id: string;
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
 * The complaint ledger (投诉受理台账) as CSV lines: one row per center case registered at or
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

  /** Checks everything first (errors before any byte is sent), then returns the lines lazily. */
  async lines(q: LedgerQuery): Promise<AsyncIterable<string>> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR, Role.OFFICER);
    for (const f of ['from', 'to'] as const) {
      if (q[f] != null && q[f] !== '' && !isValidDateString(q[f])) throw PlatformError.badInput(f, `${f}: 日期须为有效的 YYYY-MM-DD 格式`);
    }
    if (q.from && q.to && q.from > q.to) throw PlatformError.badInput('to', 'to: 不能早于 from');
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

  private async *read(path: string, start: Date, end: Date): AsyncGenerator<string> {
    let after: [Date, string] | null = null;
    for (;;) {
      const rows: RawRow[] = await this.db.tx((em) =>
        em.query(
          `SELECT c.id, c.case_number, c.type, c.channel, c.status, c.received_at, c.accepted_at, c.assigned_at, c.closed_at,
                  ru.name AS registered_unit, au.name AS assigned_unit, c.complainant_name_enc, c.complainant_phone_enc,
                  c.respondent_name, c.respondent_credit_code, c.subject, c.outcome, c.amount_claimed_fen, c.amount_recovered_fen
           FROM center_cases c
           JOIN org_units ru ON ru.tenant_id = c.tenant_id AND ru.id = c.registered_unit_id
           LEFT JOIN org_units au ON au.tenant_id = c.tenant_id AND au.id = c.assigned_unit_id
           WHERE (ru.path <@ CAST($1 AS ltree) OR au.path <@ CAST($1 AS ltree))
             AND c.received_at >= $2 AND c.received_at < $3
             AND ($4::timestamptz IS NULL OR (c.received_at, c.id) > ($4::timestamptz, $5::uuid))
           ORDER BY c.received_at, c.id
           LIMIT ${LEDGER_PAGE}`,
          [path, start, end, after?.[0] ?? null, after?.[1] ?? null],
        ),
      );
      for (const r of rows) yield ledgerLine(this.toRow(r));
      if (rows.length < LEDGER_PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.received_at, last.id];
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
