// Benchmark (not a test): the web console's production bundle and its first load in the browser.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/console.ts [--record] [--n=15]
//
// Builds the console (Vite, production), sums the files the browser fetches for the first page
// (index.html's entry script, its modulepreloads and stylesheets: the sign-in page) raw and
// gzipped (zlib level 6; the API itself sends the build's level-9 .gz copies; target < 500 KB), then boots the real API
// serving it on its own database and loads /sign-in in headless Debian chromium: cold (a new
// browser context each time: empty cache) and warm (the same context again), on the loopback and
// with throttled network (CDP: 10 Mbit/s down, 40 ms RTT). "Ready" is when the 登录 button is
// visible, as performance.now() in the page (from navigation start). --record appends the
// figures to bench/RESULTS.md (bench/record.js).
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import os, { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { startBenchApi } from './support/bench-api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist/console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const args = process.argv.slice(2);
const RECORD = args.includes('--record');
const N = Number(args.find((a) => a.startsWith('--n='))?.slice(4) ?? 15);
const THROTTLE = { offline: false, latency: 40, downloadThroughput: (10e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function firstLoadFiles(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  return ['index.html', ...refs.map((r) => r.replace(/^\//, ''))];
}

function sizes(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = readFileSync(join(DIST, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 6 }).length;
  }
  return { raw, gzip };
}

async function loadSignIn(context: BrowserContext, url: string, throttle: boolean): Promise<{ ready: number; dcl: number; bytes: number }> {
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  }
  await page.goto(`${url}/sign-in`, { waitUntil: 'commit' });
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible' });
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return { ready: performance.now(), dcl: nav.domContentLoadedEventEnd, bytes: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0) };
  });
  await page.close();
  return m;
}

async function main() {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
  const first = firstLoadFiles();
  const firstSize = sizes(first);
  const assets = readdirSync(join(DIST, 'assets'));
  const lazy = assets.filter((a) => !a.endsWith('.gz') && !first.includes(`assets/${a}`));
  const lazySize = sizes(lazy.map((a) => `assets/${a}`));
  const largestLazy = lazy.map((a) => ({ a, size: statSync(join(DIST, 'assets', a)).size })).sort((x, y) => y.size - x.size)[0];

  process.env.CONSOLE_DIR = DIST;
  const api = await startBenchApi('console', 'Bench-passw0rd');
  const base = api.url && `http://127.0.0.1:${(api.app.getHttpServer().address() as { port: number }).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'sn-bench-chromium-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const results: Record<string, { ready: number[]; dcl: number[]; bytes: number }> = {};
  try {
    for (const throttle of [false, true]) {
      const cold = { ready: [] as number[], dcl: [] as number[], bytes: 0 };
      const warm = { ready: [] as number[], dcl: [] as number[], bytes: 0 };
      await loadSignIn(await browser.newContext(), base, throttle); // warm the server and the OS caches
      for (let i = 0; i < N; i++) {
        const context = await browser.newContext({ locale: 'zh-CN' });
        const c = await loadSignIn(context, base, throttle);
        cold.ready.push(c.ready);
        cold.dcl.push(c.dcl);
        cold.bytes = c.bytes;
        const w = await loadSignIn(context, base, throttle);
        warm.ready.push(w.ready);
        warm.dcl.push(w.dcl);
        warm.bytes = w.bytes;
        await context.close();
      }
      results[`${throttle ? 'throttled' : 'loopback'} cold`] = cold;
      results[`${throttle ? 'throttled' : 'loopback'} warm`] = warm;
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await api.close();
  }

  const load = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const lines = [
    `first load (sign-in page: ${first.length} files: ${first.join(', ')}): ${kb(firstSize.raw)} raw, **${kb(firstSize.gzip)} gzipped** (target < 500 KB)`,
    `lazy page chunks (loaded on first visit of a page): ${lazy.length} files, ${kb(lazySize.raw)} raw, ${kb(lazySize.gzip)} gzipped; largest ${largestLazy?.a} ${kb(largestLazy?.size ?? 0)} raw`,
    ...Object.entries(results).map(([name, r]) => {
      const ready = [...r.ready].sort((a, b) => a - b);
      const dcl = [...r.dcl].sort((a, b) => a - b);
      return `${name} (${N} loads, load average ${load}${name.startsWith('throttled') ? ', 10 Mbit/s, 40 ms RTT' : ''}): sign-in ready p50 ${pct(ready, 50).toFixed(0)} ms, p95 ${pct(ready, 95).toFixed(0)} ms; DOMContentLoaded p50 ${pct(dcl, 50).toFixed(0)} ms; ${kb(r.bytes)} transferred (JS/CSS precompressed gzip)`;
    }),
  ];
  for (const l of lines) console.log(l.replace(/\*\*/g, ''));
  if (RECORD) record('Web console bundle and first load', `SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/console.ts --record${args.find((a) => a.startsWith('--n=')) ? ` ${args.find((a) => a.startsWith('--n='))}` : ''}`, lines);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
