/**
 * The claims guard over everything customers read: every landing page and every doc in docs/.
 * A positive prohibited claim anywhere fails the suite; negative restatements pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/contexts/claims/guard.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const files = [
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
  ...readdirSync(join(ROOT, 'web', 'landing'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => join('web', 'landing', f)),
];

describe('no positive prohibited claim in customer-facing copy', () => {
  it('covers the eight docs and both landing pages', () => {
    expect(files.filter((f) => f.startsWith('docs')).length).toBeGreaterThanOrEqual(8);
    expect(files).toEqual(
      expect.arrayContaining([
        join('web', 'landing', 'companies.html'),
        join('web', 'landing', 'marketers.html'),
      ]),
    );
  });

  it.each(files)('%s is clean', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const findings = checkDocument(text, file.endsWith('.html') ? 'html' : 'markdown');
    expect(findings.map((f) => `${file}:${f.line}:${f.column} ${f.category} «${f.phrase}»`)).toEqual([]);
  });

  it('the guard does fire on a page that makes a positive claim (the check is live)', () => {
    const bad = '<main><p>نضمن لك 100 عميل خلال أسبوع</p><p>We scrape LinkedIn for your leads.</p></main>';
    const cats = checkDocument(bad, 'html').map((f) => f.category);
    expect(cats).toEqual(expect.arrayContaining(['guaranteed_results', 'scraping']));
  });
});
