// In-process CPU profile of one phase of a benchmark (node:inspector), written where
// BENCH_PROFILE_DIR says; a no-op without it. Open the .cpuprofile in Chrome DevTools.
import { mkdirSync, writeFileSync } from 'fs';
import { Session } from 'inspector';
import { join } from 'path';

export async function profilePhase<T>(label: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
