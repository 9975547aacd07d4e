/**
 * The two landing pages in a real browser (Debian's Chromium through playwright-core), served by the
 * real app on a random local port: right-to-left Arabic, no horizontal overflow at phone and desktop
 * widths, landmarks and a skip link, one <h1>, every link and asset local and resolving, and not a
 * single request to another host. Full-page screenshots go to test-artifacts/screenshots/.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/http/app.js';

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
const PAGES = ['companies.html', 'marketers.html'] as const;
const WIDTHS = [390, 1280] as const;
const CASES = PAGES.flatMap((page) => WIDTHS.map((width) => ({ page, width })));

/**
 * The functions given to page.evaluate run in the page, but this project compiles without the DOM
 * lib: this is the little of the browser they use. Each one starts with `const w = globalThis as
 * unknown as BrowserWindow` (the cast vanishes when the function is serialised).
 */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface BrowserElement {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  closest(selector: string): BrowserElement | null;
  blur?: () => void;
}
interface BrowserWindow {
  innerWidth: number;
  innerHeight: number;
  scrollTo(x: number, y: number): void;
  getComputedStyle(el: BrowserElement): { direction: string };
  document: {
    documentElement: BrowserElement & { scrollWidth: number };
    body: BrowserElement;
    activeElement: BrowserElement | null;
    querySelectorAll(selector: string): Iterable<BrowserElement>;
    getElementById(id: string): BrowserElement | null;
  };
}

if (!HAS_CHROMIUM) {
  console.warn(
    `Skipping the landing-page browser tests: ${CHROMIUM} not found (CI installs it: apt-get install -y chromium).`,
  );
}

describe.skipIf(!HAS_CHROMIUM)('landing pages in Chromium', () => {
  let app: App;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
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

  it('redirects / to /companies.html', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const res = await page.goto(`${base}/`);
      expect(res?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/companies.html');
    } finally {
      await context.close();
    }
  });

  describe.each(CASES)('$page at $width px', ({ page: name, width }) => {
    let context: BrowserContext;
    let page: Page;
    const requests: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width, height: 900 }, serviceWorkers: 'block' });
      page = await context.newPage();
      page.on('request', (r) => {
        requests.push(r.url());
      });
      const res = await page.goto(`${base}/${name}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      await page.waitForLoadState('networkidle');
    });

    afterAll(async () => {
      await context?.close();
    });

    it('is Arabic and right to left', async () => {
      const { dir, lang, direction } = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        return {
          dir: w.document.documentElement.getAttribute('dir'),
          lang: w.document.documentElement.getAttribute('lang'),
          direction: w.getComputedStyle(w.document.body).direction,
        };
      });
      expect(dir).toBe('rtl');
      expect(lang).toBe('ar');
      expect(direction).toBe('rtl');
    });

    it('does not scroll sideways', async () => {
      const { scrollWidth, innerWidth, offenders } = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        const vw = w.innerWidth;
        // In RTL, overflow runs off the left edge as well as the right.
        const offenders = [...w.document.querySelectorAll('body *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
          })
          .slice(0, 10)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`,
          );
        return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: vw, offenders };
      });
      expect(innerWidth).toBe(width);
      expect(scrollWidth, `overflowing: ${offenders.join(', ')}`).toBeLessThanOrEqual(innerWidth);
    });

    it('has exactly one h1', async () => {
      expect(await page.locator('h1').count()).toBe(1);
    });

    it.each(['header', 'main', 'footer', 'nav'])('has a <%s> landmark', async (tag) => {
      expect(await page.locator(tag).count()).toBeGreaterThan(0);
    });

    it('has a skip link that is the first stop and lands in <main>', async () => {
      await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        w.document.activeElement?.blur?.();
        w.scrollTo(0, 0);
      });
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        const a = w.document.activeElement;
        const href = a?.getAttribute('href') ?? '';
        const target = href.startsWith('#') ? w.document.getElementById(href.slice(1)) : null;
        const box = a?.getBoundingClientRect();
        return {
          tag: a?.tagName.toLowerCase(),
          href,
          text: a?.textContent?.trim() ?? '',
          targetIsMain: target !== null && (target.tagName === 'MAIN' || target.closest('main') !== null),
          visible:
            box !== undefined && box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < w.innerHeight,
        };
      });
      expect(skip.tag).toBe('a');
      expect(skip.href).toMatch(/^#/);
      expect(skip.text).not.toBe('');
      expect(skip.targetIsMain).toBe(true);
      expect(skip.visible, 'the skip link shows when focused').toBe(true);
    });

    it('links only to local resources, and every one resolves', async () => {
      const refs = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        const pick = (sel: string, attr: string) =>
          [...w.document.querySelectorAll(sel)].map((el) => ({
            tag: el.tagName.toLowerCase(),
            raw: el.getAttribute(attr) ?? '',
          }));
        return [
          ...pick('img[src]', 'src'),
          ...pick('link[href]', 'href'),
          ...pick('script[src]', 'src'),
          ...pick('a[href]', 'href'),
        ];
      });
      expect(refs.length).toBeGreaterThan(0);
      const problems: string[] = [];
      const pages = new Map<string, string>();
      for (const { tag, raw } of refs) {
        const url = new URL(raw, page.url());
        if (url.origin !== base) {
          problems.push(`<${tag}> ${raw}: not on this server`);
          continue;
        }
        const target = `${url.origin}${url.pathname}${url.search}`;
        let body = pages.get(target);
        if (body === undefined) {
          const res = await fetch(target);
          body = await res.text();
          if (res.status !== 200) problems.push(`<${tag}> ${raw}: HTTP ${res.status}`);
          pages.set(target, body);
        }
        const id = decodeURIComponent(url.hash.slice(1));
        if (id === '') continue;
        const found =
          target === `${base}/${name}`
            ? await page.evaluate(
                (x) => (globalThis as unknown as BrowserWindow).document.getElementById(x) !== null,
                id,
              )
            : new RegExp(`\\sid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(body);
        if (!found) problems.push(`<${tag}> ${raw}: no element with id "${id}"`);
      }
      expect(problems).toEqual([]);
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

    it('saves a full-page screenshot', async () => {
      const file = join(SCREENSHOTS, `${name.replace(/\.html$/, '')}-${width}.png`);
      await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        w.document.activeElement?.blur?.();
        w.scrollTo(0, 0);
      });
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(1000);
    });
  });
});
