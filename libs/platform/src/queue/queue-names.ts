/** Queue names: never renamed (jobs in flight and dashboards refer to them). */
export enum QueueName {
  ESCALATION = 'escalation',
  MAINTENANCE = 'maintenance',
  /** Repeatable supervision jobs: auto-escalation of overdue disputes, the deadline breach sweeper. */
  SUPERVISION = 'supervision',
}

/** Job names per queue; each payload carries tenantId and ids only, never whole rows. */
export enum JobName {
  HEARTBEAT = 'heartbeat',
  /** ESCALATION queue: one outbox row of topic dispute.escalated → one center case (jobId = outbox id). */
  ESCALATE_DISPUTE = 'escalate-dispute',
  /** SUPERVISION queue, repeatable: OPEN disputes past settle_by are escalated (逾期未和解). */
  AUTO_ESCALATE = 'auto-escalate',
  /** SUPERVISION queue, repeatable: marks breached deadlines and urges the responsible unit once per breach. */
  SWEEP_DEADLINES = 'sweep-deadlines',
  /** SUPERVISION queue, at 00:10 China time on the 1st: stores last period's reports per unit (idempotent). */
  PERIODIC_REPORTS = 'periodic-reports',
  /** SUPERVISION queue, repeatable: rebuilds the statistics rollups of the days marked dirty. */
  REFRESH_STATISTICS = 'refresh-statistics',
}

export interface JobPayloads {
  [JobName.HEARTBEAT]: { at: string; workMs?: number };
  [JobName.ESCALATE_DISPUTE]: { tenantId: string; outboxId: string; disputeId: string; stationId: string };
  [JobName.AUTO_ESCALATE]: Record<string, never>;
  [JobName.SWEEP_DEADLINES]: Record<string, never>;
  [JobName.PERIODIC_REPORTS]: Record<string, never>;
  [JobName.REFRESH_STATISTICS]: Record<string, never>;
}

/** Retry and retention defaults every queue uses. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};
