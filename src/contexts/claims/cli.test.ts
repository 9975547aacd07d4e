import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOf, runClaimsCheck } from './cli.js';
import { CLAIM_TEXT } from './messages.js';

const dir = mkdtempSync(join(tmpdir(), 'claims-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

async function run(files: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runClaimsCheck(files, (l) => lines.push(l));
  return { code, lines };
}

describe('runClaimsCheck', () => {
  it('returns 0 and a clean summary when no file makes a claim', async () => {
    const md = file(
      'clean.md',
      '# Dealix\n\nلا نضمن نتائج محددة، وبدون scraping.\n❌ لا تقل: `نتائج مضمونة`\n',
    );
    const html = file('clean.html', '<p title="instant results">Approval-first</p>');
    const { code, lines } = await run([md, html]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no prohibited claims in 2 file(s)');
  });

  it('returns 1 and prints path:line:column, category, «phrase» and the Arabic reason per finding', async () => {
    const draft = file('draft.txt', 'مرحبا أحمد،\nنضمن لك 10 عملاء جدد خلال شهر.\n');
    const page = file('page.htm', '<html>\n<body>\n  <h1>Fully automated sales</h1>\n</body></html>');
    const { code, lines } = await run([draft, page]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${draft}:2:1  guaranteed_results  «نضمن لك 10 عملاء»  ${CLAIM_TEXT.guaranteed_results.reason_ar}`,
      `${page}:3:7  full_automation  «Fully automated»  ${CLAIM_TEXT.full_automation.reason_ar}`,
      '2 ادعاء ممنوع في 2 من 2 ملف — 2 prohibited claim(s) in 2 of 2 file(s)',
    ]);
  });

  it('keeps a finding that spans a line break on one output line', async () => {
    const md = file('wrap.md', 'We guarantee\nresults.\n');
    const { code, lines } = await run([md]);
    expect(code).toBe(1);
    expect(lines[0]).toBe(
      `${md}:1:4  guaranteed_results  «guarantee results»  ${CLAIM_TEXT.guaranteed_results.reason_ar}`,
    );
  });

  it('returns 2 when no files are given', async () => {
    const { code, lines } = await run([]);
    expect(code).toBe(2);
    expect(lines[0]).toContain('no files given');
  });

  it('returns 2 and names the file it cannot read, after checking the others', async () => {
    const missing = join(dir, 'missing.md');
    const bad = file('bad.md', 'Instant leads for your team.');
    const { code, lines } = await run([missing, bad]);
    expect(code).toBe(2);
    expect(lines[0]).toContain(missing);
    expect(lines[0]).toContain('ENOENT');
    expect(lines.some((l) => l.startsWith(`${bad}:1:1  exaggerated_speed`))).toBe(true);
    expect(lines.at(-1)).toContain(`1 unreadable: ${missing}`);
  });

  it('returns 2 for a directory', async () => {
    const { code, lines } = await run([dir]);
    expect(code).toBe(2);
    expect(lines[0]).toContain(dir);
  });

  it.each([
    ['docs/a.md', 'markdown'],
    ['web/landing/companies.html', 'html'],
    ['page.HTM', 'html'],
    ['drafts/msg.txt', 'text'],
    ['README', 'text'],
  ] as const)('reads %s as %s', (path, format) => {
    expect(formatOf(path)).toBe(format);
  });
});
