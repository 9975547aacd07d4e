/**
 * Benchmarks: prints a table and writes bench/results/latest.json.
 *   npm run bench                    all
 *   npm run bench -- classifier      one suite
 * Targets live in the issues; tests never assert timings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { healthReport, type ReportTicket } from '../src/contexts/sla/domain.js';
import { classify } from '../src/contexts/support/classifier.js';
import { PRIORITIES } from '../src/contexts/support/priorities.js';
import { formatScore, readCorpus, score } from '../test/support/eval-corpus.js';
import { benchIntake } from './intake.js';
import { benchSlaReportStore } from './sla-report-store.js';
import { benchSlaSweep } from './sla-sweep.js';

interface Row {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
}

const rows: Row[] = [];
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const fixtures = new URL('../test/fixtures/tickets/', import.meta.url);

function benchClassifier(): void {
  const corpora = [
    'train.tsv',
    'tuning-2.tsv',
    'tuning-3.tsv',
    'tuning-4.tsv',
    'tuning-5.tsv',
    'holdout-v6.tsv',
  ];
  const texts: string[] = [];
  for (const f of corpora) {
    try {
      const tickets = readCorpus(new URL(f, fixtures));
      texts.push(...tickets.map((t) => t.text));
      const s = score(tickets);
      console.log(formatScore(f, s));
      rows.push({
        suite: 'classifier',
        metric: `accuracy ${f}`,
        value: +(s.accuracy * 100).toFixed(1),
        unit: '%',
        target: f.startsWith('holdout') ? '≥ 95' : undefined,
      });
      rows.push({
        suite: 'classifier',
        metric: `P0 recall ${f}`,
        value: +(s.perPriority.P0.recall * 100).toFixed(1),
        unit: '%',
        target: f.startsWith('holdout') ? '100' : undefined,
      });
    } catch {
      // a corpus that is not there is simply not reported
    }
  }
  const starter = readCorpus(new URL('../test/fixtures/tickets/starter.tsv', import.meta.url)).map(
    (t) => t.text,
  );
  const sets: Array<[string, string[]]> = [
    ['starter corpus as written', starter],
    ['all corpora, cut to 80 chars', texts.map((t) => t.slice(0, 80))],
    ['all corpora as written', texts],
  ];
  for (const [name, set] of sets) {
    if (set.length === 0) continue;
    for (let i = 0; i < 20_000; i++) classify(set[i % set.length]!); // warm-up
    const n = 1_000_000;
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (let i = 0; i < n; i++) sink += classify(set[i % set.length]!).priority.length;
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (sink === 0) console.log('');
    const avgLen = set.reduce((s, t) => s + t.length, 0) / set.length;
    rows.push({
      suite: 'classifier',
      metric: `throughput, ${name} (avg ${avgLen.toFixed(0)} chars)`,
      value: Math.round(n / secs),
      unit: 'tickets/s',
      target: '≥ 500,000',
    });
  }
}

function benchSlaReport(): void {
  const n = 1_000_000;
  const tickets: ReportTicket[] = new Array(n);
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < n; i++) {
    tickets[i] = {
      priority: PRIORITIES[i % 4]!,
      first_response_min: Math.round(rnd() * 2000),
      resolution_hours: Math.round(rnd() * 200),
    };
  }
  const t0 = process.hrtime.bigint();
  const r = healthReport(tickets);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rows.push({
    suite: 'sla',
    metric: `health report over ${n.toLocaleString('en')} in-memory tickets (verdict ${r.verdict})`,
    value: Math.round(ms),
    unit: 'ms',
    target: 'seed: 1,100',
  });
}

if (want('classifier')) benchClassifier();
if (want('sla')) benchSlaReport();
if (want('intake')) {
  for (const r of await benchIntake()) {
    rows.push({
      suite: 'intake',
      metric: `${r.store}: durable tickets/s (64 in flight)`,
      value: r.max_tickets_per_s,
      unit: 'tickets/s',
      target: r.store === 'sqlite' ? '≥ 1,500' : undefined,
    });
    rows.push({
      suite: 'intake',
      metric: `${r.store}: p50 at ${r.paced_rate}/s`,
      value: r.paced_p50_ms,
      unit: 'ms',
    });
    rows.push({
      suite: 'intake',
      metric: `${r.store}: p99 at ${r.paced_rate}/s (${r.paced_errors} errors)`,
      value: r.paced_p99_ms,
      unit: 'ms',
      target: r.store === 'sqlite' ? '≤ 50' : undefined,
    });
  }
}

if (want('sla-report')) rows.push(...(await benchSlaReportStore()));
if (want('sla-sweep')) rows.push(...(await benchSlaSweep()));

const w = [10, 58, 12, 10, 12];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join(' | ');
console.log(
  `\n${line(['suite', 'metric', 'value', 'unit', 'target'])}\n${w.map((x) => '-'.repeat(x)).join('-+-')}`,
);
for (const r of rows)
  console.log(line([r.suite, r.metric, r.value.toLocaleString('en'), r.unit, r.target ?? '']));
const dir = join(new URL('.', import.meta.url).pathname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2),
);
console.log(`\nwrote ${join('bench', 'results', 'latest.json')}`);
