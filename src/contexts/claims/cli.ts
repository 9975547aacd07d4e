/**
 * `dealix claims check <files…>`: checks landing pages, docs and drafts for prohibited claims.
 * One line per finding (`path:line:column  category  «phrase»  reason`), then a summary.
 * Exit code: 0 clean, 1 findings, 2 no files or a file that can't be read.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { checkDocument, type DocumentFormat } from './guard.js';

/** .md → markdown, .html/.htm → html, anything else is plain text (drafts, .txt). */
export function formatOf(path: string): DocumentFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm') return 'html';
  return 'text';
}

export async function runClaimsCheck(files: string[], write: (line: string) => void): Promise<number> {
  if (files.length === 0) {
    write('claims check: no files given — حدّد ملفاً واحداً على الأقل، مثل: dealix claims check docs/*.md');
    return 2;
  }
  let findings = 0;
  let filesWithFindings = 0;
  let checked = 0;
  const unreadable: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      write(`${file}: cannot read (${code}) — تعذّرت قراءة الملف`);
      unreadable.push(file);
      continue;
    }
    checked++;
    const found = checkDocument(text, formatOf(file));
    if (found.length > 0) filesWithFindings++;
    findings += found.length;
    for (const m of found) {
      // A claim can span a line break; keep each finding on one output line.
      const phrase = m.phrase.replace(/\s+/g, ' ');
      write(`${file}:${m.line}:${m.column}  ${m.category}  «${phrase}»  ${m.reason_ar}`);
    }
  }
  const skipped = unreadable.length > 0 ? `; ${unreadable.length} unreadable: ${unreadable.join(', ')}` : '';
  if (findings > 0) {
    write(
      `${findings} ادعاء ممنوع في ${filesWithFindings} من ${checked} ملف — ${findings} prohibited claim(s) in ${filesWithFindings} of ${checked} file(s)${skipped}`,
    );
  } else {
    write(`لا توجد ادعاءات ممنوعة — no prohibited claims in ${checked} file(s)${skipped}`);
  }
  if (unreadable.length > 0) return 2;
  return findings > 0 ? 1 : 0;
}
