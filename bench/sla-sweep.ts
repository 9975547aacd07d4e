/**
 * The SLA scheduler over a large store: 1,000,000 tickets, most with their next look days ahead
 * (or none: resolved), a few hundred due now. Measures what one wake-up of the scheduler costs:
 *   - finding the due batch (the claiming query; on PostgreSQL with FOR UPDATE SKIP LOCKED),
 *   - asking when the next thing is due (the scheduler's sleep),
 *   - a full sweep that also fires the batch (alerts, notifications, Ledger entries, next looks),
 *   - a sweep that finds nothing.
 * SQLite in a temporary file always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is
 * set, in a fresh schema dropped afterwards.
 *   npm run bench -- sla-sweep          (BENCH_SLA_TICKETS=100000 for a quicker run)
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_SLA_POLICY } from '../src/contexts/sla/deadlines.js';
import { DEFAULT_SWEEP_LIMIT, earliestAlertAt, findDue, sweep } from '../src/contexts/sla/scheduler.js';
import { PRIORITIES, PRIORITY_TABLE } from '../src/contexts/support/priorities.js';
import { fixedClock } from '../src/lib/clock.js';
import { migrate, openStore, type Store } from '../src/store/db.js';
import { type BenchRow, withPgSchema } from './support.js';

const SUITE = 'sla-sweep';
const TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 1_000_000);
/** About one ticket in 3,000 is due at NOW: ~330 of a million. */
const DUE_EVERY = 3_000;
/** Sunday 22 Nov 2026, 11:00 Riyadh: working hours, so business-clock warnings fire too. */
const NOW = new Date('2026-11-22T08:00:00.000Z');
const MINUTE = 60_000;
const CUSTOMER = 'cus_bench';

/** The varying columns of a seeded ticket; the rest are constants in the insert. */
interface SeedRow {
  id: string;
  priority: string;
  owner: string;
  clock: string;
  fr: number;
  res: number;
  counted: number;
  next_alert_at: string | null;
}

/** Deterministic tickets: every DUE_EVERY-th one has crossed 50 % of its first-response target. */
function seedRow(i: number): SeedRow {
  // Priorities rotate among the due tickets too (every DUE_EVERY-th index is a multiple of 4).
  const p = PRIORITIES[(i + Math.floor(i / DUE_EVERY)) % 4]!;
  const policy = DEFAULT_SLA_POLICY[p];
  const fr = policy.first_response_minutes;
  const due = i % DUE_EVERY === 0;
  // 20 % have nothing pending (answered and resolved); the rest look again within the next week.
  const idle = !due && i % 5 === 1;
  const ahead = ((i * 7919) % (7 * 24 * 60)) + 1;
  return {
    id: `tkt_bench${i.toString(36).padStart(8, '0')}`,
    priority: p,
    owner: PRIORITY_TABLE[p].owner,
    clock: policy.clock,
    fr,
    res: policy.resolution_hours * 60,
    counted: due ? fr * 0.55 : 0,
    next_alert_at: idle
      ? null
      : new Date(NOW.getTime() + (due ? -((i / DUE_EVERY) % 60) * MINUTE : ahead * MINUTE)).toISOString(),
  };
}

const ANCHOR = new Date(NOW.getTime() - MINUTE).toISOString();
const OPENED = new Date(NOW.getTime() - 3 * 24 * 60 * MINUTE).toISOString();

async function seedBase(store: Store): Promise<void> {
  const at = OPENED;
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
  for (const role of ['founder', 'operator_oncall', 'operator_team']) {
    await store.db
      .insertInto('users')
      .values({
        id: `usr_bench_${role}`,
        name: role,
        email: null,
        role,
        customer_id: null,
        disabled: 0,
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .execute();
  }
}

const COLUMNS = [
  'id',
  'priority',
  'classified_priority',
  'owner',
  'clock',
  'fr_target_minutes',
  'res_target_minutes',
  'counted_minutes',
  'next_alert_at',
];
const CONSTANT_COLUMNS = `customer_id, text, channel, rule, reason_ar, opened_at, first_response_due_at,
  resolution_due_at, created_at, updated_at, clock_anchor_at, draft_ready_at`;
const constants = (q: (s: string) => string) =>
  [CUSTOMER, 'bench', 'email', 'bench', 'bench', OPENED, OPENED, OPENED, OPENED, OPENED, ANCHOR, OPENED]
    .map(q)
    .join(', ');
const values = (r: SeedRow) => [
  r.id,
  r.priority,
  r.priority,
  r.owner,
  r.clock,
  r.fr,
  r.res,
  r.counted,
  r.next_alert_at,
];

/** SQLite: multi-row inserts of 500 tickets, one prepared statement, one transaction. */
function seedSqlite(file: string): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  // A cache big enough for the indexes being filled: the default 2 MB thrashes at a million rows.
  db.pragma('cache_size = -262144');
  const rowsPer = 500;
  const tuple = `(${COLUMNS.map(() => '?').join(', ')}, ${constants((s) => `'${s}'`)})`;
  const head = `insert into tickets (${COLUMNS.join(', ')}, ${CONSTANT_COLUMNS}) values `;
  const full = db.prepare(head + Array.from({ length: rowsPer }, () => tuple).join(', '));
  db.transaction(() => {
    for (let i = 0; i < TICKETS; i += rowsPer) {
      const n = Math.min(rowsPer, TICKETS - i);
      const params: unknown[] = [];
      for (let j = 0; j < n; j++) params.push(...values(seedRow(i + j)));
      if (n === rowsPer) full.run(params);
      else db.prepare(head + Array.from({ length: n }, () => tuple).join(', ')).run(params);
    }
  })();
  db.exec('analyze');
  db.close();
}

/** PostgreSQL: 20,000 tickets per statement as column arrays (unnest), one transaction. */
async function seedPostgres(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`set search_path to "${schema}"`);
    await c.query('begin');
    const types = ['text', 'text', 'text', 'text', 'text', 'real', 'real', 'real', 'text'];
    const sqlText = `insert into tickets (${COLUMNS.join(', ')}, ${CONSTANT_COLUMNS})
      select u.*, ${constants((s) => `'${s}'`)}
      from unnest(${types.map((t, k) => `$${k + 1}::${t}[]`).join(', ')}) as u(${COLUMNS.join(', ')})`;
    const per = 20_000;
    for (let i = 0; i < TICKETS; i += per) {
      const cols: unknown[][] = COLUMNS.map(() => []);
      for (let j = i; j < Math.min(TICKETS, i + per); j++) {
        const v = values(seedRow(j));
        for (let k = 0; k < v.length; k++) cols[k]!.push(v[k]);
      }
      await c.query(sqlText, cols);
    }
    await c.query('commit');
    await c.query('analyze tickets');
  } finally {
    await c.end();
  }
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round2 = (x: number) => Math.round(x * 100) / 100;

async function measure(name: string, store: Store, seedMs: number): Promise<BenchRow[]> {
  const clock = fixedClock(NOW);
  const deps = { store, clock };
  const claim = store.dialect === 'postgres';
  const dueTotal = Math.ceil(TICKETS / DUE_EVERY);
  const rows: BenchRow[] = [
    {
      suite: SUITE,
      metric: `${name}: seed ${TICKETS.toLocaleString('en')} tickets (${dueTotal} due)`,
      value: Math.round(seedMs),
      unit: 'ms',
    },
  ];

  // Finding the due batch: the claiming query, in a transaction (rolled back) as a sweep runs it.
  const findTimes: number[] = [];
  let found = 0;
  for (let k = 0; k < 21; k++) {
    const tx = await store.db.startTransaction().execute();
    const t0 = process.hrtime.bigint();
    found = (await findDue(tx, NOW, DEFAULT_SWEEP_LIMIT, claim)).length;
    findTimes.push(ms(t0));
    await tx.rollback().execute();
  }
  rows.push({
    suite: SUITE,
    metric: `${name}: find the due batch (${found} of ${TICKETS.toLocaleString('en')}), median of 21`,
    value: round2(median(findTimes)),
    unit: 'ms',
    target: '≤ 50',
  });

  const nextTimes: number[] = [];
  for (let k = 0; k < 21; k++) {
    const t0 = process.hrtime.bigint();
    await earliestAlertAt(store.db);
    nextTimes.push(ms(t0));
  }
  rows.push({
    suite: SUITE,
    metric: `${name}: earliest next_alert_at (the scheduler's sleep), median of 21`,
    value: round2(median(nextTimes)),
    unit: 'ms',
  });

  // Full sweeps until nothing is due: the first takes a full batch.
  const sweeps: Array<{ ms: number; examined: number; fired: number }> = [];
  for (;;) {
    const t0 = process.hrtime.bigint();
    const r = await sweep(deps);
    sweeps.push({ ms: ms(t0), examined: r.examined, fired: r.fired });
    if (r.examined === 0 || sweeps.length > 50) break;
  }
  const first = sweeps[0]!;
  rows.push({
    suite: SUITE,
    metric: `${name}: full sweep, ${first.examined} due tickets found and ${first.fired} alerts fired`,
    value: round2(first.ms),
    unit: 'ms',
  });
  const fired = sweeps.reduce((n, s) => n + s.fired, 0);
  rows.push({
    suite: SUITE,
    metric: `${name}: every due ticket handled (${sweeps.length - 1} sweeps, ${fired} alerts)`,
    value: round2(sweeps.slice(0, -1).reduce((n, s) => n + s.ms, 0)),
    unit: 'ms',
  });
  const idle: number[] = [];
  for (let k = 0; k < 21; k++) {
    const t0 = process.hrtime.bigint();
    await sweep(deps);
    idle.push(ms(t0));
  }
  rows.push({
    suite: SUITE,
    metric: `${name}: sweep with nothing due, median of 21`,
    value: round2(median(idle)),
    unit: 'ms',
    target: '≤ 50',
  });
  if (fired !== dueTotal) throw new Error(`${name}: expected ${dueTotal} alerts, fired ${fired}`);
  return rows;
}

async function benchSqlite(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealix-bench-sweep-'));
  try {
    const setup = openStore({ databaseUrl: null, dataDir: dir, file: 'sweep.db' });
    await migrate(setup);
    await seedBase(setup);
    await setup.close();
    const t0 = process.hrtime.bigint();
    seedSqlite(join(dir, 'sweep.db'));
    const seedMs = ms(t0);
    const store = openStore({ databaseUrl: null, dataDir: dir, file: 'sweep.db' });
    try {
      return await measure('sqlite', store, seedMs);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(url: string): Promise<BenchRow[]> {
  return withPgSchema(url, 'bench_sweep', async (store, schema) => {
    await seedBase(store);
    const t0 = process.hrtime.bigint();
    await seedPostgres(url, schema);
    return await measure('postgres', store, ms(t0));
  });
}

export async function benchSlaSweep(): Promise<BenchRow[]> {
  const rows = await benchSqlite();
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (url) rows.push(...(await benchPostgres(url)));
  return rows;
}
