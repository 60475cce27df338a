import { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, TestApp } from './app';
import { CONSOLE_DIST, ensureConsoleBuilt, ROOT } from './console-build';
import { PASSWORD } from './fixtures';

/** Debian's chromium (installed by .ci/run when absent). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Chinese browser UI: date inputs show 年/月/日 as at a counter in China.
  '--lang=zh-CN',
];
export const SCREENSHOTS = join(ROOT, '.data/screenshots');

/** 1280×800 (a counter PC) unless a test asks for the tablet width. */
export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 768, height: 1024 };

export interface ConsoleHarnessOptions {
  /**
   * Also run the worker in process (same database and queue prefix): the outbox relay and the
   * escalation processor turn an escalated dispute into a center case. Its periodic supervision
   * (auto-escalation past settleBy, deadline sweeps) is set to hourly so it does not act mid-test.
   */
  worker?: boolean;
}

export interface ConsoleHarness {
  /** The real API (own cloned database, real Redis) serving the built console. */
  t: TestApp;
  /** The in-process worker, with `{ worker: true }`. */
  worker: INestApplication | null;
  baseUrl: string;
  context: BrowserContext;
  /** A new tab (its own sessionStorage, so its own sign-in); page errors fail `close()`. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Signs in through the sign-in page and waits for the shell. */
  signIn(page: Page, username: string, tenantCode: string | null, password?: string): Promise<void>;
  /** Saves `.data/screenshots/<name or current test name>.png` and returns the path. */
  screenshot(page: Page, name?: string): Promise<string>;
  close(): Promise<void>;
}

function currentTestName(): string {
  const name = typeof expect === 'undefined' ? undefined : expect.getState().currentTestName;
  return (name ?? 'screenshot').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-|-$/g, '');
}

/** A harness being started or running in this test file (each file has its own module registry). */
interface Startup {
  /** Set by closeLeftovers: a start still running stops at its next step and undoes the rest. */
  abandoned: boolean;
  /** The harness, or null when its start failed (having undone what it had started). */
  done: Promise<ConsoleHarness | null>;
}
const startups = new Set<Startup>();

/**
 * Closes what the spec's own `afterAll(() => h?.close())` cannot: a harness whose beforeAll
 * failed or timed out (under load, a console build and Chromium start can pass the hook timeout)
 * leaves `h` unset while the start runs on, and its API, worker, pools and Chromium then kept the
 * Jest worker alive after the file ("A worker process has failed to exit gracefully"). Registered
 * when a spec imports this module, at its top level, so it runs after the spec's afterAll hooks.
 */
async function closeLeftovers(): Promise<void> {
  const left = [...startups];
  for (const s of left) s.abandoned = true;
  for (const s of left) {
    const h = await s.done;
    await h?.close().catch(() => undefined);
  }
}
if (typeof afterAll === 'function') afterAll(closeLeftovers, 180_000);

/**
 * One browser per test file: builds the console if needed, boots the API on a random port
 * serving it, launches headless Chromium with a fresh profile. Call in beforeAll, close in afterAll
 * (close is idempotent; a harness left open, e.g. by a timed-out beforeAll, is closed after the
 * file's afterAll hooks).
 */
export function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  const startup: Startup = { abandoned: false, done: Promise.resolve(null) };
  const started = launchHarness(options, startup);
  startup.done = started.catch(() => null);
  startups.add(startup);
  return started;
}

async function launchHarness(options: ConsoleHarnessOptions, startup: Startup): Promise<ConsoleHarness> {
  /** What is running so far, undone last first when a later step fails. */
  const undo: (() => Promise<unknown> | void)[] = [];
  const step = () => {
    if (startup.abandoned) throw new Error('console harness: start abandoned (its beforeAll failed or timed out)');
  };
  let t: TestApp;
  let worker: INestApplication | null = null;
  let baseUrl: string;
  let context: BrowserContext;
  try {
    await ensureConsoleBuilt();
    step();
    process.env.CONSOLE_DIR = CONSOLE_DIST;
    const app = await startTestApp();
    t = app;
    undo.push(() => app.close());
    step();
    if (options.worker) {
      process.env.SUPERVISION_EVERY_MS ??= '3600000';
      const { createWorkerApp } = await import('../../apps/worker/src/bootstrap');
      const w = await createWorkerApp({ logger: false });
      undo.push(() => w.close());
      await w.init();
      worker = w;
      step();
    }
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    const profile = mkdtempSync(join(tmpdir(), 'sn-chromium-'));
    undo.push(() => rmSync(profile, { recursive: true, force: true }));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context = ctx;
    undo.push(() => ctx.close().catch(() => undefined)); // as good as closed when it fails
    step();
  } catch (e) {
    for (const u of [...undo].reverse()) await Promise.resolve().then(u).catch(() => undefined);
    throw e;
  }
  context.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });

  const newPage: ConsoleHarness['newPage'] = async (viewport) => {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  const signIn: ConsoleHarness['signIn'] = async (page, username, tenantCode, password = PASSWORD) => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('租户代码').fill(tenantCode ?? '');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  };
  const screenshot: ConsoleHarness['screenshot'] = async (page, name) => {
    const file = join(SCREENSHOTS, `${name ?? currentTestName()}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  let closing: Promise<void> | undefined;
  const close = async () => {
    startups.delete(startup);
    // Browser first (its keep-alive connections to the API go with it), then the worker, the API;
    // every step runs, the first failure is reported after.
    let failure: unknown;
    for (const u of [...undo].reverse()) {
      await Promise.resolve()
        .then(u)
        .catch((e) => (failure ??= e));
    }
    if (failure) throw failure;
    if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
  };
  return {
    t,
    worker,
    baseUrl,
    context,
    newPage,
    signIn,
    screenshot,
    close: () => (closing ??= close()),
  };
}
