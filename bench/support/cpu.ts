// CPU accounting for the benchmarks (Linux /proc): what one operation costs each process involved,
// so a throughput figure can be checked against what the machine's cores can give.
import { readFileSync } from 'fs';
import { Client } from 'pg';

/** CPU time (user + system) process `pid` has used so far, in ms; 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  self: NodeJS.CpuUsage;
  pg: Map<number, number>;
  others: number[];
}

/** CPU used so far by this process, the PostgreSQL backends of database `db` and processes `others`. */
export async function cpuSnapshot(admin: Client, db: string, others: number[] = []): Promise<CpuSnapshot> {
  const pids = (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [db])).rows.map((r) => Number(r.pid));
  return { self: process.cpuUsage(), pg: new Map(pids.map((pid) => [pid, cpuMs(pid)])), others: others.map(cpuMs) };
}

/** CPU per operation since `before`, in ms: this process, PostgreSQL, and each of `others` (same order). */
export async function cpuPerOp(admin: Client, db: string, before: CpuSnapshot, n: number, others: number[] = []) {
  const after = await cpuSnapshot(admin, db, others);
  let pg = 0;
  for (const [pid, ms] of after.pg) pg += ms - (before.pg.get(pid) ?? 0);
  const self = process.cpuUsage(before.self);
  const node = (self.user + self.system) / 1000;
  const rest = after.others.map((ms, i) => ms - before.others[i]);
  return { node: node / n, pg: pg / n, others: rest.map((ms) => ms / n), total: (node + pg + rest.reduce((a, b) => a + b, 0)) / n };
}
