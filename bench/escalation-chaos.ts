// No loss, no doubles (issue 6), full size: escalates 2,000 disputes while worker processes are
// killed with SIGKILL 5 times at random moments and a private redis-server (spare port, no
// persistence: a restart loses every job) is restarted once; then checks that exactly 2,000
// center cases exist, none doubled, every dispute ESCALATED and every outbox row DONE.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/escalation-chaos.ts [--disputes=2000] [--kills=5] [--record]
import globalSetup from '../test/setup/global-setup';
import globalTeardown from '../test/setup/global-teardown';
import { startTestApp } from '../test/support/app';
import { runEscalationChaos } from '../test/support/escalation-chaos';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record');

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);

async function main() {
  await globalSetup();
  const t = await startTestApp();
  let ok = false;
  try {
    const disputes = arg('disputes', 2000);
    const r = await runEscalationChaos(t, {
      disputes,
      kills: arg('kills', 5),
      redisRestarts: 1,
      workers: 2,
      redispatchAfterMs: 3_000,
      settleTimeoutMs: 180_000,
      log: (l) => console.log(l),
    });
    ok = r.cases === disputes && r.distinctDisputes === disputes && r.escalated === disputes && r.outboxDone === disputes;
    const lines = [
      `${r.disputes} disputes escalated with ${r.kills} worker SIGKILLs and ${r.redisRestarts} Redis restart(s) (2 worker processes)`,
      `center cases: ${r.cases} (distinct source disputes ${r.distinctDisputes}); disputes ESCALATED: ${r.escalated}; outbox DONE: ${r.outboxDone}`,
      `escalation stream ${r.escalateMs} ms; all converged after ${r.convergeMs} ms; ${ok ? 'PASS: no loss, no doubles' : 'FAIL'}`,
    ];
    lines.forEach((l) => console.log(l));
    if (process.argv.includes('--record')) record('Escalation chaos (no loss, no doubles)', 'node -r @swc-node/register bench/escalation-chaos.ts --record', lines);
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
