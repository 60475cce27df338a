import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AccessService, assertId, pathWithin, Tenant } from '@app/identity';
import {
  AppConfig,
  AuditService,
  InjectRedis,
  isMainlandPhone,
  isNotBlank,
  newId,
  normalizePhone,
  PersonalDataCipher,
  PHONE_MESSAGE,
  PlatformError,
  Role,
  TenantDb,
} from '@app/platform';
import { PublicCommentModel, PublicCommentReceipt } from './dto/evaluation.model';
import { ApplicationStatus, PublicComment } from './entities/application.entity';
import { RoundPhase } from './entities/evaluation-round.entity';
import { EvaluationError } from './evaluation.errors';
import { EvaluationService } from './evaluation.service';

/** Per phone number: 5 comments an hour. Per IP: 20 an hour (a household or office shares one). */
export const COMMENTS_PER_PHONE = 5;
export const COMMENTS_PER_IP = 20;
export const COMMENT_WINDOW_SECONDS = 3600;

export interface PublicCommentArgs {
  tenantCode: string;
  applicationId: string;
  name: string;
  phone: string;
  text: string;
  objection: boolean;
}

/**
 * Public notice (公示): anyone may comment on or object to a candidate without signing in.
 * The tenant is named by its code (as at login). Name and phone are stored encrypted (phone
 * also as a keyed hash); rate limits count per IP and per phone hash (never the clear phone).
 */
@Injectable()
export class PublicCommentsService {
  private readonly perIp: RateLimiterRedis;
  private readonly perPhone: RateLimiterRedis;

  constructor(
    private readonly db: TenantDb,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly evaluation: EvaluationService,
    config: AppConfig,
    @InjectRedis() redis: Redis,
  ) {
    this.perIp = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.QUEUE_PREFIX}:comment-ip`, points: COMMENTS_PER_IP, duration: COMMENT_WINDOW_SECONDS });
    this.perPhone = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.QUEUE_PREFIX}:comment-phone`, points: COMMENTS_PER_PHONE, duration: COMMENT_WINDOW_SECONDS });
  }

  async submit(a: PublicCommentArgs, ip: string): Promise<PublicCommentReceipt> {
    if (!isNotBlank(a.tenantCode) || a.tenantCode.length > 32) throw EvaluationError.badInput('tenantCode', '请填写单位代码');
    const applicationId = assertId(a.applicationId, 'applicationId');
    if (!isNotBlank(a.name) || a.name.trim().length > 50) throw EvaluationError.badInput('name', '请填写姓名（不超过 50 字）');
    if (typeof a.phone !== 'string' || !isMainlandPhone(a.phone)) throw EvaluationError.badInput('phone', PHONE_MESSAGE);
    if (!isNotBlank(a.text) || a.text.trim().length > 2000) throw EvaluationError.badInput('text', '请填写意见内容（不超过 2000 字）');
    const phone = normalizePhone(a.phone);
    const sealedPhone = this.cipher.seal(phone, phone);
    await this.consume(this.perIp, ip || 'unknown');
    await this.consume(this.perPhone, sealedPhone.hash);

    const tenant = await this.ds.getRepository(Tenant).findOne({ where: { code: a.tenantCode.trim() } });
    // Anonymous callers get one answer for every refusal, so they can neither enumerate tenants
    // and application ids nor read a round's phase or an application's review result.
    const notOnNotice = () => EvaluationError.notOnPublicNotice();
    if (!tenant) throw notOnNotice();
    return this.db.asTenant(tenant.id, async (em) => {
      const app = await this.evaluation.loadApplication(em, applicationId, 'applicationId').catch((e) => {
        throw e instanceof EvaluationError && e.code === 'NOT_FOUND' ? notOnNotice() : e;
      });
      if (app.phase !== RoundPhase.PUBLIC_NOTICE || app.status !== ApplicationStatus.CITY_RECOMMENDED) throw notOnNotice();
      const id = newId();
      const row = em.create(PublicComment, {
        tenantId: tenant.id,
        id,
        roundId: app.roundId,
        applicationId: app.id,
        nameEnc: this.cipher.encrypt(a.name.trim()),
        phoneEnc: sealedPhone.cipher,
        phoneHash: sealedPhone.hash,
        text: a.text.trim(),
        objection: !!a.objection,
        resolution: null,
        resolutionNote: null,
        resolvedBy: null,
        resolvedAt: null,
      });
      await em.insert(PublicComment, row);
      await this.audit.record(em, {
        action: 'evaluation.publicComment.submit',
        entity: 'PublicComment',
        entityId: id,
        details: { applicationId: app.id, objection: !!a.objection },
        actor: { id: null, name: 'public' },
      });
      const saved = await em.findOneOrFail(PublicComment, { where: { id } });
      return { id, createdAt: saved.createdAt };
    });
  }

  private async consume(limiter: RateLimiterRedis, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw EvaluationError.throttled(Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  }

  private toModel(c: PublicComment): PublicCommentModel {
    return {
      id: c.id,
      applicationId: c.applicationId,
      name: this.cipher.decrypt(c.nameEnc),
      phone: this.cipher.decrypt(c.phoneEnc),
      text: c.text,
      objection: c.objection,
      resolution: c.resolution,
      resolutionNote: c.resolutionNote,
      createdAt: c.createdAt,
    };
  }

  /** OFFICERs with the station or the round's city in scope, TENANT_ADMIN. */
  async list(applicationId: string): Promise<PublicCommentModel[]> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const app = await this.evaluation.loadApplication(em, applicationId, 'applicationId');
      if (!this.access.inScope(p, app.stationPath) && !this.access.inScope(p, app.cityPath)) throw PlatformError.forbidden('不在您的管辖范围内');
      const rows = await em.find(PublicComment, { where: { applicationId: app.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      return rows.map((r) => this.toModel(r));
    });
  }

  /** OFFICER of the round's city or above, TENANT_ADMIN; upheld removes the candidate. */
  async resolve(commentId: string, upheld: boolean, note: string): Promise<PublicCommentModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    const id = assertId(commentId, 'commentId');
    return this.db.tx(async (em) => {
      const c = await em.findOne(PublicComment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw EvaluationError.commentNotFound();
      const app = await this.evaluation.loadApplication(em, c.applicationId, 'commentId', true);
      const cityScope = this.access.has(p, Role.TENANT_ADMIN) || (!!p.orgUnitPath && pathWithin(app.cityPath, p.orgUnitPath));
      if (!cityScope) throw PlatformError.forbidden('只有组织评选的市局或上级单位可以处理异议');
      if (app.phase !== RoundPhase.PUBLIC_NOTICE) throw EvaluationError.wrongPhase(app.phase, '处理异议');
      if (!c.objection) throw EvaluationError.badInput('commentId', '该意见不是异议，无需处理');
      if (!isNotBlank(note) || note.length > 2000) throw EvaluationError.badInput('note', '请填写处理意见');
      if (c.resolution) throw EvaluationError.conflict('该异议已处理');
      c.resolution = upheld ? 'UPHELD' : 'DISMISSED';
      c.resolutionNote = note.trim();
      c.resolvedBy = p.id;
      c.resolvedAt = new Date();
      await em.update(PublicComment, { tenantId: this.db.tenantId, id: c.id }, { resolution: c.resolution, resolutionNote: c.resolutionNote, resolvedBy: p.id, resolvedAt: c.resolvedAt });
      if (upheld && app.status === ApplicationStatus.CITY_RECOMMENDED) {
        await em.query(`update evaluation_applications set status = 'OBJECTION_UPHELD', updated_at = now() where id = $1`, [app.id]);
      }
      await this.audit.record(em, { action: 'evaluation.objection.resolve', entity: 'PublicComment', entityId: c.id, details: { applicationId: app.id, upheld, note: c.resolutionNote } });
      return this.toModel(c);
    });
  }
}
