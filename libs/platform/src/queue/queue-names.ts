/** Queue names: never renamed (jobs in flight and dashboards refer to them). */
export enum QueueName {
  ESCALATION = 'escalation',
  MAINTENANCE = 'maintenance',
}

/** Job names per queue; each payload carries tenantId and ids only, never whole rows. */
export enum JobName {
  HEARTBEAT = 'heartbeat',
}

export interface JobPayloads {
  [JobName.HEARTBEAT]: { at: string; workMs?: number };
}

/** Retry and retention defaults every queue uses. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};
