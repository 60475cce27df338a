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

/**
 * One browser per test file: builds the console if needed, boots the API on a random port
 * serving it, launches headless Chromium with a fresh profile. Call in beforeAll, close in afterAll.
 */
export async function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  await ensureConsoleBuilt();
  process.env.CONSOLE_DIR = CONSOLE_DIST;
  const t = await startTestApp();
  let worker: INestApplication | null = null;
  if (options.worker) {
    process.env.SUPERVISION_EVERY_MS ??= '3600000';
    const { createWorkerApp } = await import('../../apps/worker/src/bootstrap');
    worker = await createWorkerApp({ logger: false });
    await worker.init();
  }
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), 'sn-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (e) {
    await worker?.close();
    await t.close();
    rmSync(profile, { recursive: true, force: true });
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
  return {
    t,
    worker,
    baseUrl,
    context,
    newPage,
    signIn,
    screenshot,
    close: async () => {
      // eslint-disable-next-line @typescript-eslint/no-empty-function
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
      await worker?.close();
      await t.close();
      if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}
