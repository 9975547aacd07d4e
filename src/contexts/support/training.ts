/** Where the model learns from: the tuning corpora only (the held-out set stays unseen). */
import { readFileSync } from 'node:fs';
import { PRIORITIES, type Priority } from './priorities.js';

export const TUNING_CORPORA = [
  'train.tsv',
  'tuning-2.tsv',
  'tuning-3.tsv',
  'tuning-4.tsv',
  'tuning-5.tsv',
] as const;

export function trainingTickets(dir = new URL('../../../test/fixtures/tickets/', import.meta.url)) {
  const out: Array<{ label: Priority; text: string }> = [];
  for (const f of TUNING_CORPORA) {
    for (const line of readFileSync(new URL(f, dir), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      const tab = line.indexOf('\t');
      const label = line.slice(0, tab) as Priority;
      if (PRIORITIES.includes(label)) out.push({ label, text: line.slice(tab + 1) });
    }
  }
  return out;
}
