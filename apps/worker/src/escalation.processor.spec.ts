import { EscalationJob, EscalationOutcome } from '@app/center';
import { EscalationBatcher } from './escalation.processor';

const job = (n: number): EscalationJob => ({ tenantId: 't', outboxId: `o${n}`, disputeId: `d${n}`, stationId: 's' });

describe('EscalationBatcher (group commit of escalation jobs)', () => {
  it('sends the jobs submitted together as one batch, and a lone job at once', async () => {
    const batches: string[][] = [];
    const b = new EscalationBatcher(async (jobs) => {
      batches.push(jobs.map((j) => j.outboxId));
      return jobs.map(() => 'created' as const);
    });
    expect(await Promise.all([1, 2, 3].map((n) => b.submit(job(n))))).toEqual(['created', 'created', 'created']);
    expect(await b.submit(job(4))).toBe('created');
    expect(batches).toEqual([['o1', 'o2', 'o3'], ['o4']]);
  });

  it('gathers the jobs that arrive while batches are running into the next one, within the limits', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    let maxRunning = 0;
    const b = new EscalationBatcher(
      async (jobs) => {
        batches.push(jobs.map((j) => j.outboxId));
        maxRunning = Math.max(maxRunning, ++running);
        await gate;
        running--;
        return jobs.map(() => 'existing' as const);
      },
      3,
      1,
    );
    const first = b.submit(job(0));
    await new Promise((r) => setImmediate(r)); // the first batch is running
    const rest = [1, 2, 3, 4, 5].map((n) => b.submit(job(n)));
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([['o0'], ['o1', 'o2', 'o3'], ['o4', 'o5']]);
    expect(maxRunning).toBe(1);
  });

  it('fails only the jobs whose outcome is an error; a thrown batch fails all of its jobs', async () => {
    const b = new EscalationBatcher(async (jobs): Promise<EscalationOutcome[]> => jobs.map((j) => (j.outboxId === 'o2' ? new Error('bad row') : 'created')));
    const settled = await Promise.allSettled([1, 2, 3].map((n) => b.submit(job(n))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad row');

    let up = false;
    const flaky = new EscalationBatcher(async (jobs) => {
      if (!up) throw new Error('database down');
      return jobs.map(() => 'missing' as const);
    });
    const all = await Promise.allSettled([1, 2].map((n) => flaky.submit(job(n))));
    expect(all.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    // It keeps serving after a failed batch.
    up = true;
    expect(await flaky.submit(job(9))).toBe('missing');
  });
});
