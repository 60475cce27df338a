// Cost of WorkingDayCalendar.workingDaysAfter (the pure core behind the `workingDaysAfter`
// query and every deadline computation), in µs per call.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/calendar.ts [--record]
import { addCalendarDays, WorkingDayCalendar } from '../libs/platform/src/calendar';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

function measure(label: string, cal: WorkingDayCalendar, starts: string[], days: number, calls: number): string {
  let sink = 0;
  // Warm up the JIT.
  for (let i = 0; i < 20_000; i++) sink += cal.workingDaysAfter(starts[i % starts.length], days).length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += cal.workingDaysAfter(starts[i % starts.length], days).length;
  const ns = Number(process.hrtime.bigint() - t0) / calls;
  if (sink === 42) console.log('');
  return `${label}, days=${days}: ${(ns / 1000).toFixed(3)} µs per call (${calls.toLocaleString('en')} calls)`;
}

function main() {
  const starts: string[] = [];
  // Every day of 2015-01-01 .. 2025-09-30 (results stay inside the published years).
  for (let d = '2015-01-01'; d <= '2025-09-30'; d = addCalendarDays(d, 1)) starts.push(d);
  const t0 = process.hrtime.bigint();
  const national = WorkingDayCalendar.national();
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const overrides = starts.filter((_, i) => i % 97 === 0).map((date, i) => ({ date, kind: i % 2 ? ('HOLIDAY' as const) : ('WORKDAY' as const) }));
  const t1 = process.hrtime.bigint();
  const tenant = new WorkingDayCalendar({ overrides });
  const tenantMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const lines = [
    `national calendar first build (chinese-days JSON → Map): ${buildMs.toFixed(1)} ms`,
    `tenant calendar build with ${overrides.length} overrides: ${tenantMs.toFixed(2)} ms`,
  ];
  for (const days of [1, 7, 15, 45]) lines.push(measure('national', national, starts, days, 1_000_000));
  lines.push(measure(`tenant (${overrides.length} overrides)`, tenant, starts, 7, 1_000_000));
  lines.push(measure('national', national, starts, 250, 200_000));
  console.log(lines.join('\n'));
  if (process.argv.includes('--record')) record('Working-day calendar', 'node -r @swc-node/register bench/calendar.ts --record', lines);
}

main();
