import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { RulebookInForceRow } from '@app/calendar';
import { AccessService, assertId, OrgUnitsService } from '@app/identity';
import {
  AuditService,
  byKeys,
  chinaDateOf,
  chinaToday,
  ConnectionShape,
  DataLoaderFactory,
  decodeCursor,
  formatFen,
  newId,
  normalizePhone,
  pageSize,
  parseYuan,
  PersonalDataCipher,
  PlatformError,
  Principal,
  Role,
  TenantDb,
  toConnection,
} from '@app/platform';
import { Station, StationsService, StationStatus } from '@app/stations';
import { DisputeFilter, OpenDisputeInput, SettleDisputeInput } from './dto/dispute.input';
import { DisputeModel } from './dto/dispute.model';
import { DisputeAction, nextDisputeStatus } from './dispute-lifecycle';
import { DisputesError } from './disputes.errors';
import { Dispute, DisputeStatus, IntakeChecklist, NonAcceptanceGround } from './entities/dispute.entity';
import { DisputeEscalatedPayload, OUTBOX_TOPICS, OutboxMessage, OutboxStatus } from './entities/outbox-message.entity';
import { applicableGrounds } from './intake';
import { SETTLEMENT_CLOCK, SettlementClock } from './settlement-clock';

/** Same consumer phone at the same station within this many days: possible duplicate. */
export const DUPLICATE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const NOTE_MAX = 2000;

/** Who reads disputes (api/permissions.md): consumer contact data is not the tenant admin's business. */
const READERS = [Role.STATION_STAFF, Role.OFFICER, Role.CENTER_OPERATOR];
const SCOPED_READERS = [Role.OFFICER, Role.CENTER_OPERATOR];

type DisputeRow = Dispute & { station: Station & { orgUnit: { path: string } } };

/** Case number JF-<yyyymmdd of opening, China>-<6-digit per-tenant sequence>. */
export function formatCaseNumber(openedAt: Date, seq: number | string): string {
  return `JF-${chinaDateOf(openedAt).replace(/-/g, '')}-${String(seq).padStart(6, '0')}`;
}

function checklistOf(c: IntakeChecklist | null | undefined): Required<{ [K in keyof IntakeChecklist]: boolean | null }> | null {
  if (!c) return null;
  const pick = (v: boolean | null | undefined) => (typeof v === 'boolean' ? v : null);
  return {
    hasProof: pick(c.hasProof),
    withinWarrantyOrShelfLife: pick(c.withinWarrantyOrShelfLife),
    alreadyNegotiated: pick(c.alreadyNegotiated),
    beforeCourtOrOtherAuthority: pick(c.beforeCourtOrOtherAuthority),
    respondentIdentified: pick(c.respondentIdentified),
  };
}

function requiredText(value: string | null | undefined, field: string, max = NOTE_MAX): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw DisputesError.blank(field);
  if (v.length > max) throw DisputesError.tooLong(field, max);
  return v;
}

@Injectable()
export class DisputesService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly orgUnits: OrgUnitsService,
    private readonly stations: StationsService,
    private readonly loaders: DataLoaderFactory,
    @Inject(SETTLEMENT_CLOCK) private readonly clock: SettlementClock,
  ) {}

  // ---------- mapping ----------

  /** `plain`: the consumer's contact details when the caller has them in clear (just encrypted). */
  toModel(d: DisputeRow, plain?: { consumerName: string; consumerPhone: string }): DisputeModel {
    const checklist = checklistOf(d.intakeChecklist);
    return {
      id: d.id,
      caseNumber: d.caseNumber,
      status: d.status,
      consumerName: plain ? plain.consumerName : this.cipher.decrypt(d.consumerNameEnc),
      consumerPhone: plain ? plain.consumerPhone : this.cipher.decrypt(d.consumerPhoneEnc),
      subject: d.subject,
      description: d.description,
      claimType: d.claimType,
      amountClaimed: d.amountClaimedFen === null ? null : formatFen(d.amountClaimedFen),
      openedAt: d.openedAt,
      settleBy: d.settleBy,
      settleByProvisional: d.settleByProvisional,
      settledAt: d.settledAt,
      amountRecovered: d.amountRecoveredFen === null ? null : formatFen(d.amountRecoveredFen),
      agreement: d.agreement,
      declineGround: d.declineGround,
      escalatedAt: d.escalatedAt,
      purchasedOn: d.purchasedOn,
      productName: d.productName,
      brandModel: d.brandModel,
      purchasePlace: d.purchasePlace,
      goodsOrServiceCategory: d.goodsOrServiceCategory,
      issueType: d.issueType,
      checklist,
      applicableGrounds: applicableGrounds(checklist),
      consumerSigned: d.consumerSigned,
      declineNote: d.declineNote,
      declinedAt: d.declinedAt,
      withdrawnAt: d.withdrawnAt,
      escalationReason: d.escalationReason,
      stationId: d.stationId,
      duplicateOfId: d.duplicateOf,
      orgUnitPath: d.station.orgUnit.path,
    };
  }

  private base(em: EntityManager): SelectQueryBuilder<Dispute> {
    return em
      .createQueryBuilder(Dispute, 'd')
      .innerJoin('d.station', 's')
      .innerJoin('s.orgUnit', 'o')
      .addSelect(['s.id', 's.tenantId', 's.orgUnitId', 'o.id', 'o.tenantId', 'o.path']);
  }

  // ---------- access ----------

  /** STATION_STAFF of the dispute's station; OFFICER/CENTER_OPERATOR in scope. */
  canSee(p: Principal, d: Pick<DisputeModel, 'stationId' | 'orgUnitPath'>): boolean {
    if (this.access.has(p, ...SCOPED_READERS) && this.access.inScope(p, d.orgUnitPath)) return true;
    return this.isStaffOf(p, d.stationId);
  }

  private isStaffOf(p: Principal, stationId: string): boolean {
    return this.access.has(p, Role.STATION_STAFF) && p.stationId === stationId;
  }

  // ---------- reading ----------

  /** Batched per request; no access check (callers check). */
  load(id: string): Promise<DisputeModel | null> {
    return this.loaders
      .get<string, DisputeModel | null>('disputes.dispute', (ids) =>
        this.db.tx(async (em) => {
          const rows = await this.base(em).where('d.id = ANY(:ids)', { ids: [...ids] }).getMany();
          return byKeys(ids, rows.map((r) => this.toModel(r as DisputeRow)), (r) => r.id);
        }),
      )
      .load(id);
  }

  /** dispute(id): NOT_FOUND (also another tenant's), then FORBIDDEN. */
  async get(id: string): Promise<DisputeModel> {
    const p = this.access.requireRole(...READERS);
    const d = await this.load(assertId(id, 'id'));
    if (!d) throw DisputesError.disputeNotFound();
    if (!this.canSee(p, d)) throw PlatformError.forbidden('不在您的管辖范围内');
    return d;
  }

  /** For `possibleDuplicateOf`: the earlier dispute, when the caller may see it. */
  async loadVisible(id: string): Promise<DisputeModel | null> {
    const p = this.access.principal();
    const d = await this.load(id);
    return d && this.canSee(p, d) ? d : null;
  }

  async list(filter: DisputeFilter | null | undefined, first?: number | null, after?: string | null): Promise<ConnectionShape<DisputeModel>> {
    const p = this.access.requireRole(...READERS);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    if (cursor && (typeof cursor[0] !== 'string' || Number.isNaN(Date.parse(cursor[0])) || typeof cursor[1] !== 'string')) {
      throw PlatformError.badInput('after', '分页游标无效');
    }
    // An unknown station or unit (another tenant's too) is NOT_FOUND, before any scope answer.
    const station = filter?.stationId ? await this.stations.get(filter.stationId, 'stationId') : null;
    const unit = filter?.orgUnitId ? await this.orgUnits.get(filter.orgUnitId, 'orgUnitId') : null;
    let scopePath: string | null = null;
    let ownStation: string | null = null;
    if (this.access.has(p, ...SCOPED_READERS)) {
      if (unit) this.access.requireScope(p, unit.path);
      if (station) this.access.requireScope(p, station.orgUnitPath);
      scopePath = this.access.scopePath(p);
    } else {
      // STATION_STAFF: their station only.
      if (!p.stationId) throw PlatformError.forbidden();
      if (station && station.id !== p.stationId) throw PlatformError.forbidden('只能查看本站点的纠纷');
      ownStation = p.stationId;
    }
    return this.db.tx(async (em) => {
      const qb = this.base(em);
      if (scopePath) qb.andWhere('o.path <@ CAST(:scopePath AS ltree)', { scopePath });
      if (unit) qb.andWhere('o.path <@ CAST(:unitPath AS ltree)', { unitPath: unit.path });
      if (ownStation) qb.andWhere('d.station_id = :ownStation', { ownStation });
      if (station) qb.andWhere('d.station_id = :stationId', { stationId: station.id });
      if (filter?.status) qb.andWhere('d.status = :status', { status: filter.status });
      if (filter?.openedFrom) qb.andWhere('d.opened_at >= :openedFrom', { openedFrom: filter.openedFrom });
      if (filter?.openedTo) qb.andWhere('d.opened_at < :openedTo', { openedTo: filter.openedTo });
      const total = await qb.getCount();
      if (cursor) qb.andWhere('(d.opened_at, d.id) < (CAST(:cAt AS timestamptz), CAST(:cId AS uuid))', { cAt: cursor[0], cId: cursor[1] });
      const rows = await qb.orderBy('d.opened_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
      return toConnection(rows, limit, total, (r) => [r.openedAt.toISOString(), r.id], !!cursor, (r) => this.toModel(r as DisputeRow));
    });
  }

  // ---------- opening ----------

  async open(input: OpenDisputeInput): Promise<DisputeModel> {
    const p = this.access.requireRole(Role.STATION_STAFF);
    const stationId = assertId(input.stationId, 'stationId');
    if (input.purchasedOn && input.purchasedOn > chinaToday()) throw DisputesError.dateInFuture('purchasedOn');
    const amountClaimedFen = input.amountClaimed == null ? null : parseYuan(input.amountClaimed).toString();
    const phoneHash = this.cipher.hash(normalizePhone(input.consumerPhone));
    const openedAt = new Date();
    // Sent with the transaction's BEGIN: the station (status, scope path), the earlier dispute of
    // the same phone at this station within the window (possible duplicate), the case number
    // sequence (a number drawn for a refused opening is a gap, as with any rollback), and the
    // rulebook in force with the calendar's revision (for settleBy).
    const first = {
      sql: `SELECT s.id, s.status, o.path::text AS path,
                   (SELECT d.id FROM disputes d
                     WHERE d.tenant_id = s.tenant_id AND d.station_id = s.id AND d.consumer_phone_hash = $2 AND d.opened_at >= $3
                     ORDER BY d.opened_at DESC, d.id DESC LIMIT 1) AS earlier,
                   nextval('dispute_case_number_seq') AS seq, rb.*
              FROM stations s JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id
              CROSS JOIN LATERAL (${this.clock.rulesSql('$4::timestamptz', 's.tenant_id')}) rb
             WHERE s.id = $1`,
      params: [stationId, phoneHash, new Date(openedAt.getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS), openedAt],
    };
    type StationRow = RulebookInForceRow & { id: string; status: StationStatus; path: string; earlier: string | null; seq: string };
    return this.db.txFrom<StationRow, DisputeModel>(first, async (em, [station]) => {
      if (!station) throw DisputesError.stationNotFound();
      if (!this.isStaffOf(p, station.id)) throw PlatformError.forbidden('只能为本站点受理纠纷');
      if (station.status !== StationStatus.ACTIVE) throw DisputesError.stationNotActive(station.status);

      const settleBy = await this.clock.settleByFrom(openedAt, station, em);
      const earlier = station.earlier ? [{ id: station.earlier }] : [];
      const tenantId = this.db.tenantId;
      const seq = station.seq;
      const id = newId();
      const caseNumber = formatCaseNumber(openedAt, seq);
      const checklist = checklistOf(input.checklist);
      const row: Omit<Dispute, 'updatedAt' | 'station'> = {
        tenantId,
        id,
        caseNumber,
        stationId,
        status: DisputeStatus.OPEN,
        consumerNameEnc: this.cipher.encrypt(input.consumerName),
        consumerPhoneEnc: this.cipher.encrypt(input.consumerPhone),
        consumerPhoneHash: phoneHash,
        subject: input.subject,
        description: input.description,
        claimType: input.claimType,
        amountClaimedFen,
        purchasedOn: input.purchasedOn ?? null,
        productName: input.productName ?? null,
        brandModel: input.brandModel ?? null,
        purchasePlace: input.purchasePlace ?? null,
        goodsOrServiceCategory: input.goodsOrServiceCategory ?? null,
        issueType: input.issueType ?? null,
        intakeChecklist: checklist,
        openedAt,
        settleBy: settleBy.at,
        settleByProvisional: settleBy.provisional,
        settledAt: null,
        amountRecoveredFen: null,
        agreement: null,
        consumerSigned: null,
        declineGround: null,
        declineNote: null,
        declinedAt: null,
        withdrawnAt: null,
        escalatedAt: null,
        escalationReason: null,
        duplicateOf: earlier[0]?.id ?? null,
        openedBy: p.kind === 'USER' ? p.id : null,
      };
      // Built in full here and read by nothing before the commit: written with the COMMIT.
      await this.db.insertAtCommit(em, Dispute, [row as Partial<Dispute>]);
      await this.audit.record(em, {
        action: 'dispute.open',
        entity: 'Dispute',
        entityId: id,
        // Never the consumer's name or phone.
        details: { caseNumber, stationId, claimType: input.claimType, amountClaimedFen, possibleDuplicateOf: row.duplicateOf, ...(settleBy.provisional ? { settleByProvisional: true } : {}) },
      });
      return this.toModel({ ...row, updatedAt: openedAt, station: { id: station.id, tenantId, orgUnit: { path: station.path } } } as DisputeRow, {
        consumerName: input.consumerName,
        consumerPhone: input.consumerPhone,
      });
    });
  }

  // ---------- moves ----------

  // Input is checked inside the move, after role and scope: a caller who may not act learns
  // FORBIDDEN, not what was wrong with the input; a throw there rolls the transaction back.
  settle(id: string, input: SettleDisputeInput): Promise<DisputeModel> {
    return this.move(id, 'settle', [Role.STATION_STAFF], (_d, now) => {
      const recovered = parseYuan(input.amountRecovered).toString();
      return {
        changes: { settledAt: now, agreement: input.agreement, amountRecoveredFen: recovered, consumerSigned: input.consumerSigned ?? null },
        details: { amountRecoveredFen: recovered, consumerSigned: input.consumerSigned ?? null },
      };
    });
  }

  decline(id: string, ground: NonAcceptanceGround, note?: string | null): Promise<DisputeModel> {
    return this.move(id, 'decline', [Role.STATION_STAFF], (_d, now) => {
      if (!Object.values(NonAcceptanceGround).includes(ground)) throw DisputesError.badFilter('ground', '不予受理情形无效');
      const text = note == null ? null : requiredText(note, 'note');
      return { changes: { declinedAt: now, declineGround: ground, declineNote: text }, details: { ground } };
    });
  }

  withdraw(id: string, note?: string | null): Promise<DisputeModel> {
    const text = note == null ? null : requiredText(note, 'note');
    return this.move(id, 'withdraw', [Role.STATION_STAFF], (_d, now) => ({
      changes: { withdrawnAt: now },
      details: text ? { note: text } : {},
    }));
  }

  escalate(id: string, reason: string): Promise<DisputeModel> {
    return this.move(id, 'escalate', [Role.STATION_STAFF, Role.OFFICER], (d, now) => {
      const why = requiredText(reason, 'reason');
      return {
        changes: { escalatedAt: now, escalationReason: why },
        details: { reason: why },
        outbox: {
          topic: OUTBOX_TOPICS.DISPUTE_ESCALATED,
          payload: { tenantId: d.tenantId, disputeId: d.id, stationId: d.stationId } satisfies DisputeEscalatedPayload,
        },
      };
    });
  }

  /**
   * One state change: role, NOT_FOUND, station/scope, then the row locked and the move checked;
   * the update, its audit record and any outbox row in one transaction.
   */
  private async move(
    id: string,
    action: DisputeAction,
    roles: Role[],
    build: (d: Dispute, now: Date) => { changes: Partial<Dispute>; details: Record<string, unknown>; outbox?: { topic: string; payload: Record<string, unknown> } },
  ): Promise<DisputeModel> {
    const p = this.access.requireRole(...roles);
    const disputeId = assertId(id, 'id');
    return this.db.tx(async (em) => {
      const found = (await this.base(em).where('d.id = :disputeId', { disputeId }).setLock('pessimistic_write', undefined, ['d']).getOne()) as DisputeRow | null;
      if (!found) throw DisputesError.disputeNotFound();
      const allowed =
        this.isStaffOf(p, found.stationId) ||
        (roles.includes(Role.OFFICER) && this.access.has(p, Role.OFFICER) && this.access.inScope(p, found.station.orgUnit.path));
      if (!allowed) throw PlatformError.forbidden('不在您的管辖范围内');
      const to = nextDisputeStatus(found.status, action);
      const now = new Date();
      const { changes, details, outbox } = build(found, now);
      await em.update(Dispute, { tenantId: found.tenantId, id: found.id }, { ...changes, status: to } as never);
      await this.audit.record(em, { action: `dispute.${action}`, entity: 'Dispute', entityId: found.id, details: { from: found.status, to, ...details } });
      if (outbox) {
        // Read by nothing before the commit (the relay claims committed rows): with the COMMIT.
        await this.db.insertAtCommit(em, OutboxMessage, [
          {
            tenantId: found.tenantId,
            id: newId(),
            topic: outbox.topic,
            aggregateId: found.id,
            payload: outbox.payload,
            status: OutboxStatus.PENDING,
            attempts: 0,
          },
        ]);
      }
      return this.toModel({ ...found, ...changes, status: to, updatedAt: now } as DisputeRow);
    });
  }
}
