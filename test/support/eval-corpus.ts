/** Reads a labelled ticket corpus and scores the classifier on it. */
import { readFileSync } from 'node:fs';
import { classify } from '../../src/contexts/support/classifier.js';
import { PRIORITIES, type Priority } from '../../src/contexts/support/priorities.js';

export interface LabelledTicket {
  label: Priority;
  text: string;
  line: number;
}

export function readCorpus(path: string | URL): LabelledTicket[] {
  const out: LabelledTicket[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const tab = line.indexOf('\t');
      const label = line.slice(0, tab) as Priority;
      if (tab < 0 || !PRIORITIES.includes(label)) throw new Error(`${String(path)}:${i + 1}: bad line`);
      out.push({ label, text: line.slice(tab + 1), line: i + 1 });
    });
  return out;
}

export interface Score {
  total: number;
  correct: number;
  accuracy: number;
  perPriority: Record<Priority, { support: number; recall: number; precision: number }>;
  errors: Array<LabelledTicket & { predicted: Priority; rule: string }>;
}

export function score(tickets: LabelledTicket[]): Score {
  const tp = { P0: 0, P1: 0, P2: 0, P3: 0 };
  const predicted = { P0: 0, P1: 0, P2: 0, P3: 0 };
  const support = { P0: 0, P1: 0, P2: 0, P3: 0 };
  const errors: Score['errors'] = [];
  for (const t of tickets) {
    const c = classify(t.text);
    support[t.label]++;
    predicted[c.priority]++;
    if (c.priority === t.label) tp[t.label]++;
    else errors.push({ ...t, predicted: c.priority, rule: c.rule });
  }
  const correct = tickets.length - errors.length;
  const perPriority = Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      {
        support: support[p],
        recall: support[p] === 0 ? 1 : tp[p] / support[p],
        precision: predicted[p] === 0 ? 1 : tp[p] / predicted[p],
      },
    ]),
  ) as Score['perPriority'];
  return { total: tickets.length, correct, accuracy: correct / tickets.length, perPriority, errors };
}

export function formatScore(name: string, s: Score): string {
  const rows = PRIORITIES.map(
    (p) =>
      `  ${p}  n=${String(s.perPriority[p].support).padStart(3)}  recall=${(s.perPriority[p].recall * 100).toFixed(1).padStart(5)}%  precision=${(s.perPriority[p].precision * 100).toFixed(1).padStart(5)}%`,
  );
  return [
    `${name}: ${s.correct}/${s.total} correct, accuracy ${(s.accuracy * 100).toFixed(1)}%`,
    ...rows,
  ].join('\n');
}
