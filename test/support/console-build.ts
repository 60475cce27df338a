import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'fs';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '../..');
export const CONSOLE_SRC = join(ROOT, 'apps/console');
export const CONSOLE_DIST = join(ROOT, 'dist/console');
const LOCK = join(ROOT, '.data/console-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** dist/console exists and is newer than every console source file. */
export function consoleIsCurrent(): boolean {
  const index = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => newestMtime(join(CONSOLE_SRC, p)));
  return statSync(index).mtimeMs >= Math.max(...sources);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the console (Vite only: the generated src/gql is checked in, and a test fails when it
 * is stale) unless dist/console is current. Jest workers of one run may call this at once: a
 * lock directory lets one build while the others wait for it.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (consoleIsCurrent()) return;
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Another worker is building; a lock left by a killed run is taken over.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      await sleep(250);
      if (consoleIsCurrent()) return;
      continue;
    }
    try {
      if (consoleIsCurrent()) return;
      const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
      const r = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}\n${r.stderr}`);
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
