/**
 * The operator console in a real browser (Debian's Chromium through playwright-core), served by the
 * real app under /app/ on a random local port: Arabic and right to left by default, an English switch
 * that is remembered across reloads, Riyadh's Hijri date on Today, no request to another host, no
 * horizontal overflow at phone and desktop widths, keyboard reachability with a visible focus, and
 * an axe-core scan without serious or critical findings. Screenshots go to
 * test-artifacts/screenshots/console-*.png. The console is built first when dist/console is missing.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/contexts/access/sessions.js';
import { type App, buildApp, ROOT } from '../../src/http/app.js';
import { systemClock } from '../../src/lib/clock.js';
import { migrate, openStore, type Store } from '../../src/store/db.js';
import { seedPrincipals } from '../support/auth.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const WIDTHS = [390, 1280] as const;

/** The little of the DOM the in-page functions use (this project compiles without the DOM lib). */
interface BrowserElement {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number };
  blur?: () => void;
}
interface BrowserWindow {
  innerWidth: number;
  innerHeight: number;
  scrollTo(x: number, y: number): void;
  getComputedStyle(el: BrowserElement): {
    direction: string;
    outlineStyle: string;
    outlineWidth: string;
    boxShadow: string;
  };
  document: {
    documentElement: BrowserElement & { scrollWidth: number };
    body: BrowserElement;
    activeElement: BrowserElement | null;
    querySelectorAll(selector: string): Iterable<BrowserElement>;
  };
  axe: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
  };
}

async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(ROOT, 'dist', 'console', 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web', 'console', 'vite.config.ts'), logLevel: 'warn' });
}

function axeSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

async function htmlLangDir(page: Page) {
  return page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    return {
      lang: w.document.documentElement.getAttribute('lang'),
      dir: w.document.documentElement.getAttribute('dir'),
      direction: w.getComputedStyle(w.document.body).direction,
    };
  });
}

async function overflow(page: Page) {
  return page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    const vw = w.innerWidth;
    const offenders = [...w.document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        // The skip link waits above the viewport until focused; only sideways overflow counts.
        return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
      })
      .slice(0, 10)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`);
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: vw, offenders };
  });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const has = await page.evaluate(() => typeof (globalThis as unknown as BrowserWindow).axe !== 'undefined');
  if (!has) await page.addScriptTag({ content: axeSource() });
  const result = await page.evaluate(() =>
    (globalThis as unknown as BrowserWindow).axe.run((globalThis as unknown as BrowserWindow).document, {
      resultTypes: ['violations'],
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s)`);
}

async function blurAndTop(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    w.document.activeElement?.blur?.();
    w.scrollTo(0, 0);
  });
}

async function screenshot(page: Page, name: string) {
  const file = join(SCREENSHOTS, `console-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(1000);
}

if (!HAS_CHROMIUM) {
  console.warn(
    `Skipping the console browser tests: ${CHROMIUM} not found (CI installs it: apt-get install -y chromium).`,
  );
}

describe.skipIf(!HAS_CHROMIUM)('operator console in Chromium', () => {
  let app: App;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    await ensureConsoleBuilt();
    app = await buildApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('the app is not listening on a TCP port');
    base = `http://127.0.0.1:${addr.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('redirects /app to /app/ and serves the console for deep links', async () => {
    const res = await app.inject({ url: '/app' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/app/');
    const deep = await app.inject({ url: '/app/tickets/123' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    expect((await app.inject({ url: '/app/assets/missing.js' })).statusCode).toBe(404);
  });

  describe.each(WIDTHS)('at %i px', (width) => {
    let context: BrowserContext;
    let page: Page;
    const requests: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width, height: 900 }, serviceWorkers: 'block' });
      page = await context.newPage();
      page.on('request', (r) => {
        requests.push(r.url());
      });
      const res = await page.goto(`${base}/app/`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      await page.getByTestId('date-hijri').waitFor();
    });

    afterAll(async () => {
      await context?.close();
    });

    it('opens in Arabic, right to left, with the Hijri date in Riyadh', async () => {
      expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
      expect(await page.getByTestId('date-hijri').textContent()).toContain('هـ');
      expect((await page.getByTestId('date-gregorian').textContent())?.trim()).not.toBe('');
      expect(await page.locator('h1').count()).toBe(1);
      await blurAndTop(page);
      await screenshot(page, `today-ar-${width}`);
    });

    it('does not scroll sideways in Arabic', async () => {
      const o = await overflow(page);
      expect(o.innerWidth).toBe(width);
      expect(o.scrollWidth, `overflowing: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
    });

    it('reaches the skip link first, and the nav links show a visible focus', async () => {
      await blurAndTop(page);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const a = (globalThis as unknown as BrowserWindow).document.activeElement;
        return {
          tag: a?.tagName.toLowerCase(),
          href: a?.getAttribute('href'),
          cls: a?.getAttribute('class'),
        };
      });
      expect(first).toEqual({ tag: 'a', href: '#main', cls: 'skip-link' });
      // Skip link, language switch, then the first nav link.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        const a = w.document.activeElement;
        if (a === null) return null;
        const s = w.getComputedStyle(a);
        return {
          inNav: a.getAttribute('href')?.startsWith('#/') ?? false,
          outlineStyle: s.outlineStyle,
          outlineWidth: Number.parseFloat(s.outlineWidth),
        };
      });
      expect(focus?.inNav).toBe(true);
      expect(focus?.outlineStyle).not.toBe('none');
      expect(focus?.outlineWidth).toBeGreaterThanOrEqual(2);
      await screenshot(page, `focus-nav-${width}`);
      await blurAndTop(page);
    });

    it('shows sign-in problems in a live region', async () => {
      await page.getByRole('button', { name: 'دخول' }).click();
      const status = page.getByTestId('status');
      await expect.poll(() => status.textContent()).not.toBe('');
      expect(await status.getAttribute('aria-live')).toBe('polite');
      expect(await page.getByLabel('البريد الإلكتروني').count()).toBe(1);
      expect(await page.getByLabel('كلمة المرور').count()).toBe(1);
      await blurAndTop(page);
      await screenshot(page, `sign-in-error-ar-${width}`);
    });

    it('has no serious or critical accessibility findings in Arabic', async () => {
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('switches to English (left to right), remembers it across a reload, and switches back', async () => {
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => htmlLangDir(page)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
      expect(await page.getByTestId('date-hijri').textContent()).toContain('AH');
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('date-hijri').waitFor();
      expect(await htmlLangDir(page)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
      const o = await overflow(page);
      expect(o.scrollWidth, `overflowing: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
      expect(await seriousViolations(page)).toEqual([]);
      await blurAndTop(page);
      await screenshot(page, `today-en-${width}`);

      await page.getByTestId('lang-switch').click();
      await expect.poll(() => htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('date-hijri').waitFor();
      expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
    });

    it('opens another page from the nav', async () => {
      await page.getByRole('link', { name: 'التذاكر' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('التذاكر');
      expect(await page.getByRole('link', { name: 'التذاكر' }).getAttribute('aria-current')).toBe('page');
      const o = await overflow(page);
      expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
      await blurAndTop(page);
      await screenshot(page, `tickets-ar-${width}`);
    });

    it('makes no request to any other host', () => {
      expect(requests.length).toBeGreaterThan(0);
      const foreign = requests.filter((u) => {
        const url = new URL(u);
        if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
        return url.hostname !== '127.0.0.1';
      });
      expect(foreign).toEqual([]);
    });
  });
});

describe.skipIf(!HAS_CHROMIUM)('signing in to the console in Chromium', () => {
  let app: App;
  let browser: Browser;
  let store: Store;
  let base = '';
  const EMAIL = 'founder@dealix.sa';
  const PASSWORD = 'كلمة-مرور-طويلة-2026';

  beforeAll(async () => {
    await ensureConsoleBuilt();
    store = openStore({ databaseUrl: null, file: ':memory:' });
    await migrate(store);
    await seedPrincipals(store, systemClock);
    const founder = await store.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'founder')
      .executeTakeFirstOrThrow();
    await store.db.updateTable('users').set({ email: EMAIL }).where('id', '=', founder.id).execute();
    await setPassword({ store, clock: systemClock }, founder.id, PASSWORD);
    app = await buildApp({ store });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('the app is not listening on a TCP port');
    base = `http://127.0.0.1:${addr.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('signs in with email and password, keeps the session across a reload, and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/app/`);
    await page.getByLabel('البريد الإلكتروني').fill(EMAIL);
    await page.getByLabel('كلمة المرور').fill(PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Founder');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'dlx_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Founder');
    await screenshot(page, 'signed-in-ar-390');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
    await expect.poll(() => page.getByLabel('كلمة المرور').count()).toBe(1);
    expect((await context.cookies()).find((c) => c.name === 'dlx_session')?.value ?? '').toBe('');
    await context.close();
  });
});
