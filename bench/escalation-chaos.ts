// No loss, no doubles (issue 6), full size: escalates 2,000 disputes while worker processes are
// killed with SIGKILL 5 times at random moments and a private redis-server (spare port, no
// persistence: a restart loses every job) is restarted once; then checks that exactly 2,000
// center cases exist, none doubled, every dispute ESCALATED and every outbox row DONE.
//
// --cluster (issue 9): the same run with BullMQ on a private Redis Cluster of three masters with
// one replica each (six `redis-server --cluster-enabled yes` on spare ports, joined with
// `redis-cli --cluster create --cluster-replicas 1`); instead of the Redis restart, the master
// serving the queue prefix's hash slot is killed (SIGKILL) mid-run and its replica promoted
// (asynchronous replication: jobs written just before may be lost, and the relay re-sends them).
// Also checks that every key of the hash-tagged prefix sits in one slot.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/escalation-chaos.ts [--cluster] [--disputes=2000] [--kills=5] [--record]
import { cpus, loadavg } from 'os';
import globalSetup from '../test/setup/global-setup';
import globalTeardown from '../test/setup/global-teardown';
import { startTestApp } from '../test/support/app';
import { runEscalationChaos } from '../test/support/escalation-chaos';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record');

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
const CLUSTER = process.argv.includes('--cluster');

async function main() {
  const loadAtStart = loadavg()[0];
  await globalSetup();
  const t = await startTestApp();
  let ok = false;
  try {
    const disputes = arg('disputes', 2000);
    const r = await runEscalationChaos(t, {
      disputes,
      kills: arg('kills', 5),
      redisRestarts: CLUSTER ? 0 : 1,
      cluster: CLUSTER,
      failovers: CLUSTER ? arg('failovers', 1) : 0,
      workers: 2,
      redispatchAfterMs: 3_000,
      settleTimeoutMs: 180_000,
      log: (l) => console.log(l),
    });
    const k = r.clusterKeys;
    const keysOk = !CLUSTER || (!!k && k.keys > 0 && k.slots === 1 && k.masters === 1);
    ok = r.cases === disputes && r.distinctDisputes === disputes && r.escalated === disputes && r.outboxDone === disputes && keysOk;
    const lines = CLUSTER
      ? [
          `${r.disputes} disputes escalated on a Redis Cluster of 3 masters + 3 replicas (cluster-node-timeout 2000 ms), with ${r.failovers} master failover(s) and ${r.kills} worker SIGKILLs (2 worker processes)`,
          ...k!.failoverLog,
          `center cases: ${r.cases} (distinct source disputes ${r.distinctDisputes}); disputes ESCALATED: ${r.escalated}; outbox DONE: ${r.outboxDone}`,
          `hash-tagged prefix: ${k!.keys} BullMQ keys, all in ${k!.slots} slot (${k!.slot}) on ${k!.masters} master`,
          `escalation stream ${r.escalateMs} ms; all converged after ${r.convergeMs} ms; ${ok ? 'PASS: no loss, no doubles' : 'FAIL'}`,
        ]
      : [
          `${r.disputes} disputes escalated with ${r.kills} worker SIGKILLs and ${r.redisRestarts} Redis restart(s) (2 worker processes)`,
          `center cases: ${r.cases} (distinct source disputes ${r.distinctDisputes}); disputes ESCALATED: ${r.escalated}; outbox DONE: ${r.outboxDone}`,
          `escalation stream ${r.escalateMs} ms; all converged after ${r.convergeMs} ms; ${ok ? 'PASS: no loss, no doubles' : 'FAIL'}`,
        ];
    lines.push(`machine load: 1-min load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (${cpus().length} cores, shared with other work)`);
    lines.forEach((l) => console.log(l));
    if (process.argv.includes('--record')) {
      if (CLUSTER) record('Escalation chaos on Redis Cluster (failover; no loss, no doubles)', 'node -r @swc-node/register bench/escalation-chaos.ts --cluster --record', lines);
      else record('Escalation chaos (no loss, no doubles)', 'node -r @swc-node/register bench/escalation-chaos.ts --record', lines);
    }
  } finally {
    await t.close();
    await globalTeardown();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
