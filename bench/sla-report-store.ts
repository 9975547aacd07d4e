/**
 * The stored weekly SLA report over a year of tickets: 1,000,000 rows spread over 52 weeks with
 * breach rates that vary from week to week, then the report of the last finished week with its
 * 8-week trend, timed warm (median of several runs). SQLite in a temporary file; PostgreSQL too
 * when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a fresh schema, dropped afterwards).
 *
 *   npm run bench -- sla-report          (BENCH_SLA_TICKETS=200000 for a quicker run)
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { slaReportService } from '../src/contexts/sla/report.js';
import { fixedClock } from '../src/lib/clock.js';
import { migrate, openStore, type Store } from '../src/store/db.js';
import { type BenchRow, withPgSchema } from './support.js';

const N = Number(process.env.BENCH_SLA_TICKETS ?? 1_000_000);
// Wednesday 29 Sep 2027, 12:00 Riyadh: 2027-W38 is the last finished week.
const NOW = new Date('2027-09-29T09:00:00.000Z');
const WEEK = '2027-W38';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SPAN = 52 * 7 * DAY;
const RUNS = 9;
const CUSTOMER = 'cus_bench';

const COLUMNS = [
  'id',
  'customer_id',
  'text',
  'channel',
  'priority',
  'classified_priority',
  'rule',
  'reason_ar',
  'matched',
  'owner',
  'status',
  'opened_at',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'first_response_due_at',
  'resolution_due_at',
  'next_due_at',
  'created_at',
  'updated_at',
  'clock',
  'fr_target_minutes',
  'res_target_minutes',
  'paused_at',
  'first_response_minutes',
  'resolution_minutes',
  'fr_breached',
  'res_breached',
  'breach_cause',
] as const;
type Value = string | number | null;
/** PostgreSQL array types of the columns above, for unnest(). */
const PG_TYPES = COLUMNS.map((c) =>
  c.endsWith('_minutes') ? 'float8' : c === 'fr_breached' || c === 'res_breached' ? 'int4' : 'text',
);

const TEXTS = [
  'ربط الجيميل يطلب صلاحيات مرة ثانية من امس والفريق ما يقدر يرسل المتابعات',
  'الخدمة كلها طايحة عند الجميع من الصباح ولا أحد يقدر يدخل لوحة التحكم',
  'The weekly proof pack did not arrive and our board meeting is tomorrow morning',
  'كم سعر باقة Data to Revenue السنوية وهل فيه خصم للدفع المقدم؟',
];
const PRIORITY_MIX: Array<[string, number]> = [
  ['P0', 0.05],
  ['P1', 0.2],
  ['P2', 0.65],
  ['P3', 1],
];
const FR_TARGET: Record<string, number> = { P0: 30, P1: 120, P2: 480, P3: 1440 };
const RES_TARGET: Record<string, number> = { P0: 240, P1: 1440, P2: 1440, P3: 2400 };
const CAUSES = ['drafting', 'approval', 'response'];

/** Deterministic tickets, in batches; opened uniformly over the 52 weeks before NOW. */
function* batches(size: number): Generator<Value[][]> {
  let seed = 20_270_919;
  const rnd = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const start = NOW.getTime() - SPAN;
  let batch: Value[][] = [];
  for (let i = 0; i < N; i++) {
    const opened = start + Math.floor((i / N) * SPAN + rnd() * MINUTE);
    const weekNo = Math.floor((opened - start) / (7 * DAY));
    // Most weeks are healthy, some need watching, a few are critical.
    const breachP = weekNo % 13 === 5 ? 0.32 : weekNo % 7 === 3 ? 0.16 : 0.06;
    const r = rnd();
    const priority = PRIORITY_MIX.find(([, upTo]) => r < upTo)![0];
    const defaultClock = priority === 'P0' || priority === 'P1' ? 'calendar' : 'business';
    const clock = rnd() < 0.02 ? (defaultClock === 'calendar' ? 'business' : 'calendar') : defaultClock;
    const frTarget = FR_TARGET[priority]!;
    const resTarget = RES_TARGET[priority]!;
    const scale = clock === 'business' ? 3 : 1; // working minutes spread over more wall time
    const frBreached = rnd() < breachP ? 1 : 0;
    const resBreached = rnd() < breachP * 0.6 ? 1 : 0;
    const frMinutes = frTarget * (frBreached ? 1 + rnd() : 0.1 + rnd() * 0.85);
    const resMinutes = resTarget * (resBreached ? 1 + rnd() : 0.2 + rnd() * 0.75);
    const frDue = opened + frTarget * MINUTE * scale;
    const resDue = opened + resTarget * MINUTE * scale;
    const frAt = opened + frMinutes * MINUTE * scale;
    const resAt = Math.max(frAt, opened + resMinutes * MINUTE * scale);
    const answered = frAt <= NOW.getTime();
    const done = resAt <= NOW.getTime();
    const status = done ? (rnd() < 0.6 ? 'closed' : 'resolved') : rnd() < 0.15 ? 'pending_customer' : 'open';
    // Met targets carry their flag; an unmet one is flagged once its due time passed, except where
    // the scheduler has not got to it yet (the report's overdue rule counts those).
    const flag = (breached: number, met: boolean, due: number) =>
      met ? breached : due <= NOW.getTime() && rnd() >= 0.3 ? 1 : 0;
    const frFlag = flag(frBreached, answered, frDue);
    const resFlag = flag(resBreached, done, resDue);
    const text = TEXTS[i % TEXTS.length]!;
    batch.push([
      `tkt_${i.toString(36).padStart(12, '0')}`, // time-ordered, like real ids
      CUSTOMER,
      text,
      'email',
      priority,
      priority,
      'bench',
      'تصنيف تلقائي حسب كلمات التذكرة',
      '[{"concept":"connector","text":"ربط","start":0,"end":3}]',
      priority === 'P0' ? 'founder' : priority === 'P3' ? 'operator_team' : 'operator_oncall',
      status,
      iso(opened),
      answered ? iso(frAt) : null,
      done ? iso(resAt) : null,
      status === 'closed' ? iso(resAt + DAY) : null,
      iso(frDue),
      iso(resDue),
      done ? null : iso(answered ? resDue : frDue),
      iso(opened),
      iso(done ? resAt : answered ? frAt : opened),
      clock,
      frTarget,
      resTarget,
      status === 'pending_customer' ? iso(Math.max(opened, NOW.getTime() - DAY)) : null,
      answered ? frMinutes : null,
      done ? resMinutes : null,
      frFlag,
      resFlag,
      frFlag ? CAUSES[i % 3]! : null,
    ]);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function addCustomer(store: Store): Promise<void> {
  const at = NOW.toISOString();
  await store.db
    .insertInto('customers')
    .values({
      id: CUSTOMER,
      name: 'Bench Co',
      bundle_id: 'growth_starter',
      goal: null,
      contacts: '[]',
      status: 'active',
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
}

function seedSqlite(file: string): number {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const size = 500;
  const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
  const insert = (rows: number) =>
    db.prepare(`insert into tickets (${COLUMNS.join(',')}) values ${Array(rows).fill(tuple).join(',')}`);
  const full = insert(size);
  const t0 = performance.now();
  db.transaction(() => {
    for (const b of batches(size)) (b.length === size ? full : insert(b.length)).run(b.flat());
  })();
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function seedPostgres(url: string, schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET search_path TO "${schema}"`);
    const t0 = performance.now();
    await c.query('BEGIN');
    const select = PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    const text = `insert into tickets (${COLUMNS.join(',')}) select * from unnest(${select})`;
    for (const b of batches(10_000)) {
      await c.query(
        text,
        COLUMNS.map((_, j) => b.map((row) => row[j])),
      );
    }
    await c.query('COMMIT');
    const ms = performance.now() - t0;
    // Index-only scans need the visibility map; autovacuum sets it after a bulk load, do it now.
    await c.query('VACUUM ANALYZE tickets');
    return ms;
  } finally {
    await c.end();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function timeReport(store: Store, name: string, target: string | undefined): Promise<BenchRow[]> {
  const svc = slaReportService({ store, clock: fixedClock(NOW) });
  const t0 = performance.now();
  const first = await svc.report(WEEK); // also records the week's review, once
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await svc.report(WEEK);
    times.push(performance.now() - t);
  }
  const tc = performance.now();
  await svc.csv(WEEK);
  const csvMs = performance.now() - tc;
  console.log(
    `${name}: ${WEEK} has ${first.total_tickets} tickets, ${first.total_breached} breached (${first.breach_rate}, ${first.verdict}); ` +
      `trend ${first.trend.map((t) => `${t.week.slice(5)} ${t.breach_rate}`).join(', ')}`,
  );
  const count = N.toLocaleString('en');
  return [
    {
      suite: 'sla-report',
      metric: `${name}: weekly report, ${count} tickets`,
      value: +median(times).toFixed(1),
      unit: 'ms',
      target,
    },
    {
      suite: 'sla-report',
      metric: `${name}: first report (with the week's review)`,
      value: +firstMs.toFixed(1),
      unit: 'ms',
    },
    { suite: 'sla-report', metric: `${name}: CSV export`, value: +csvMs.toFixed(1), unit: 'ms' },
  ];
}

async function benchSqlite(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealix-sla-report-'));
  try {
    const file = 'bench.db';
    let store = openStore({ databaseUrl: null, dataDir: dir, file });
    await migrate(store);
    await addCustomer(store);
    await store.close();
    const seedMs = seedSqlite(join(dir, file));
    store = openStore({ databaseUrl: null, dataDir: dir, file });
    try {
      // The shapes of the report's two queries: both should name an index, with no temp B-tree
      // for the first.
      const plan = async (q: RawBuilder<unknown>) =>
        (await sql<{ detail: string }>`explain query plan ${q}`.execute(store.db)).rows
          .map((r) => r.detail)
          .join(' / ');
      const grouped = await plan(sql`select priority, clock, count(*) from tickets
        where priority in ('P0', 'P1', 'P2', 'P3') and clock in ('calendar', 'business')
          and opened_at >= '2027-09-18' and opened_at < '2027-09-26' group by priority, clock`);
      const open = await plan(sql`select count(*) from tickets
        where status not in ('resolved', 'closed') and opened_at >= '2027-07-24' and paused_at is null`);
      console.log(`sqlite plans: ${grouped} | ${open}`);
      return [
        {
          suite: 'sla-report',
          metric: `sqlite: seed ${N.toLocaleString('en')} tickets`,
          value: Math.round(seedMs),
          unit: 'ms',
        },
        ...(await timeReport(store, 'sqlite', '≤ 300')),
      ];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(url: string): Promise<BenchRow[]> {
  return withPgSchema(url, 'bench', async (store, schema) => {
    await addCustomer(store);
    const seedMs = await seedPostgres(url, schema);
    return [
      {
        suite: 'sla-report',
        metric: `postgres: seed ${N.toLocaleString('en')} tickets`,
        value: Math.round(seedMs),
        unit: 'ms',
      },
      ...(await timeReport(store, 'postgres', undefined)),
    ];
  });
}

export async function benchSlaReportStore(): Promise<BenchRow[]> {
  const rows = await benchSqlite();
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (url) rows.push(...(await benchPostgres(url)));
  return rows;
}
