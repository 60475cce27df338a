export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `cond` holds, checking every 10 ms; fails naming what it waited for after `timeoutMs`. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = String(cond)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
