/** Reads the repository's Markdown docs: headings, sections and tables, all outside fenced code blocks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, as a filesystem path ending in a separator. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The text of `docs/<name>`, read as UTF-8. */
export const readDoc = (name: string): string => readFileSync(join(ROOT, 'docs', name), 'utf8');

/** Arabic-Indic and Persian digits to ASCII, and the Arabic decimal separator to a dot, so "٤٩٩" reads "499". */
export const latinDigits = (s: string): string =>
  s
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/(\d)٫(\d)/g, '$1.$2');

/** One line of a Markdown document, and whether it is inside (or opens or closes) a fenced code block. */
export interface Line {
  text: string;
  fenced: boolean;
}

/** The lines of `md`, each marked as fenced or not; the fence lines themselves count as fenced. */
export function lines(md: string): Line[] {
  let fenced = false;
  return md.split('\n').map((text) => {
    if (text.trimStart().startsWith('```')) {
      fenced = !fenced;
      return { text, fenced: true };
    }
    return { text, fenced };
  });
}

/** The ATX heading level (1–6) of a line, or 0 when it is not a heading or is inside a code fence. */
export const headingLevel = (l: Line): number => {
  if (l.fenced) return 0;
  const m = /^(#{1,6})\s/.exec(l.text);
  return m?.[1] ? m[1].length : 0;
};

/** The text under the first heading that contains `title`, up to the next heading of the same or higher level. */
export function section(md: string, title: string): string {
  const ls = lines(md);
  const start = ls.findIndex((l) => headingLevel(l) > 0 && l.text.includes(title));
  if (start < 0) throw new Error(`no heading containing "${title}"`);
  const level = headingLevel(ls[start]!);
  let end = ls.length;
  for (let i = start + 1; i < ls.length; i++) {
    const h = headingLevel(ls[i]!);
    if (h > 0 && h <= level) {
      end = i;
      break;
    }
  }
  return ls
    .slice(start, end)
    .map((l) => l.text)
    .join('\n');
}

/** A Markdown pipe table: its header cells and its body rows, every cell cleaned by `cleanCell`. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** A table cell without bold markers or backticks, trimmed, with ASCII digits. */
export const cleanCell = (c: string): string => latinDigits(c.replace(/\*\*/g, '').replace(/`/g, '').trim());

/** The cleaned cells of one `| a | b |` table row, the outer pipes dropped. */
export const splitRow = (row: string): string[] =>
  row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map(cleanCell);

/** Every pipe table in `md` (a header row, a delimiter row, then body rows), outside code fences. */
export function tables(md: string): Table[] {
  const out: Table[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length >= 2 && /^\|?[\s:|-]+\|?$/.test(block[1]!.trim())) {
      out.push({ header: splitRow(block[0]!), rows: block.slice(2).map(splitRow) });
    }
    block = [];
  };
  for (const l of lines(md)) {
    if (!l.fenced && l.text.trim().startsWith('|')) block.push(l.text);
    else flush();
  }
  flush();
  return out;
}

/** The first table whose header cells contain every one of `columns`. */
export function table(md: string, columns: string[]): Table {
  const found = tables(md).find((t) => columns.every((c) => t.header.some((h) => h.includes(c))));
  if (!found) throw new Error(`no table with columns ${columns.join(', ')}`);
  return found;
}

/** The index of the first header cell of `t` that contains `name`; throws when there is none. */
export const column = (t: Table, name: string): number => {
  const i = t.header.findIndex((h) => h.includes(name));
  if (i < 0) throw new Error(`no column "${name}" in ${t.header.join(' | ')}`);
  return i;
};

/** Every number in `s` (Arabic digits read as ASCII, thousands commas dropped), in order. */
export const numbersIn = (s: string): number[] =>
  [...latinDigits(s).matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
