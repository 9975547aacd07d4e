/**
 * The stored weekly SLA report: which tickets belong to a week, how the week did (totals, per
 * priority, breach causes, the eight weeks before it), the CSV export, and the one-time review of a
 * finished week that escalates a critical verdict to the founder with a freeze request.
 *
 * Weeks. Week W of year Y is the ISO-8601 week W of Y shifted back one day: it starts on the Sunday
 * before that ISO week's Monday, at 00:00 Asia/Riyadh (UTC+3 all year, no daylight saving), and
 * lasts seven days. So 2027-W38 runs from Sunday 2027-09-19 00:00 to Sunday 2027-09-26 00:00 Riyadh
 * time. A ticket belongs to the week in which it was opened (`opened_at`).
 *
 * Breaches. A target counts as breached when its flag is set (met late, or marked by the
 * scheduler), or when it is still unmet, the ticket is neither paused nor resolved/closed, and its
 * due time has passed. A ticket is breached when either of its targets is.
 *
 * The aggregation runs in SQL over the opened_at range: one statement for the week and its trend
 * (a branch per week, grouped by priority and clock, read from the covering index of migration
 * 0006), plus a small one over the range's still-open tickets for the overdue rule. Ticket rows
 * are never fetched one by one.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { type Static, Type } from 'typebox';
import { invalid, round } from '../../lib/errors.js';
import { addDays, DAY_MS, riyadhDate, riyadhMidnight, riyadhWeekday } from '../../lib/time.js';
import { newId } from '../../store/ids.js';
import type { Database } from '../../store/schema.js';
import { type Deps, inUnit } from '../../store/unit.js';
import { freezeForSlaVerdict } from '../freezes/service.js';
import { notifyRole } from '../notifications/notify.js';
import { PRIORITIES, type Priority } from '../support/priorities.js';
import { type Verdict, verdictFor } from './domain.js';
import { VERDICT_TEXT } from './messages.js';
import { CSV_COLUMNS, CSV_VALUES_AR, criticalWeekTitle, freezeReason } from './report-messages.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Weeks

export const TREND_WEEKS = 8;
export const WEEK_TIMEZONE = 'Asia/Riyadh';
/** Years a week label may name (the business calendar's own range). */
export const MIN_WEEK_YEAR = 1900;
export const MAX_WEEK_YEAR = 2199;
const WEEK_MS = 7 * DAY_MS;
const WEEK_RE = /^(\d{4})-[Ww](\d{2})$/;

export interface SlaWeek {
  /** e.g. "2027-W38". */
  label: string;
  year: number;
  week: number;
  /** Sunday 00:00 Riyadh. */
  starts_at: Date;
  /** The next Sunday 00:00 Riyadh (exclusive). */
  ends_at: Date;
}

/** The Monday (YYYY-MM-DD) of ISO week 1 of `year`: the week holding 4 January. */
function isoWeekOneMonday(year: number): string {
  const jan4 = new Date(0);
  jan4.setUTCFullYear(year, 0, 4);
  const sinceMonday = (jan4.getUTCDay() + 6) % 7;
  return new Date(jan4.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return Math.round((Date.parse(isoWeekOneMonday(year + 1)) - Date.parse(isoWeekOneMonday(year))) / WEEK_MS);
}

const label = (year: number, week: number) => `${year}-W${String(week).padStart(2, '0')}`;

function weekFromParts(year: number, week: number): SlaWeek {
  const sunday = addDays(isoWeekOneMonday(year), (week - 1) * 7 - 1);
  const starts_at = riyadhMidnight(sunday);
  return {
    label: label(year, week),
    year,
    week,
    starts_at,
    ends_at: new Date(starts_at.getTime() + WEEK_MS),
  };
}

/** The week an instant falls in (its Riyadh calendar day decides). */
export function weekOf(at: Date): SlaWeek {
  const sunday = addDays(riyadhDate(at), -riyadhWeekday(at));
  const monday = addDays(sunday, 1);
  // The ISO year is the year of the week's Thursday.
  const year = Number(addDays(monday, 3).slice(0, 4));
  const week = Math.round((Date.parse(monday) - Date.parse(isoWeekOneMonday(year))) / WEEK_MS) + 1;
  return weekFromParts(year, week);
}

/** The week `n` weeks after `w` (before it when negative). */
export const shiftWeek = (w: SlaWeek, n: number): SlaWeek =>
  weekOf(new Date(w.starts_at.getTime() + n * WEEK_MS));

/** The week before the one `now` falls in: the one the Monday review looks at. */
export const previousWeek = (now: Date): SlaWeek => shiftWeek(weekOf(now), -1);

/** Parses "2027-W38"; anything else is a 400 naming the field. */
export function parseWeek(input: string, field = 'week'): SlaWeek {
  const m = WEEK_RE.exec(input);
  if (!m) {
    throw invalid(
      'invalid_week',
      `${field} must be a year and week number like 2027-W38 (weeks start on Sunday, Riyadh time)`,
      field,
    );
  }
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < MIN_WEEK_YEAR || year > MAX_WEEK_YEAR) {
    throw invalid(
      'invalid_week',
      `${field} must name a year between ${MIN_WEEK_YEAR} and ${MAX_WEEK_YEAR}`,
      field,
    );
  }
  const weeks = weeksInYear(year);
  if (week < 1 || week > weeks) {
    throw invalid('invalid_week', `${field}: ${year} has weeks 01 to ${weeks}`, field);
  }
  return weekFromParts(year, week);
}

// ---------------------------------------------------------------------------------------------
// Response shape (the route's schema; the service's types come from it)

const Clocks = ['calendar', 'business'] as const;
type ClockName = (typeof Clocks)[number];
const Time = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Number({ description: 'Breached tickets ÷ tickets, 3 decimals' });
const NullableNumber = (description: string) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], description });
const VerdictT = Type.Enum(['healthy', 'watch', 'critical']);

const PriorityRow = Type.Object({
  count: Count,
  breached: Count,
  breach_rate: Rate,
  clock: Type.Enum(Clocks, {
    description:
      'The clock the averages are in: calendar = wall minutes, business = working minutes on the Saudi business calendar. When a week mixes clocks for a priority, the majority clock, and the averages cover its tickets only',
  }),
  mixed_clocks: Type.Boolean({ description: 'True when this priority had tickets on both clocks this week' }),
  avg_first_response_minutes: NullableNumber('Over first responses given, in the clock’s minutes, 1 decimal'),
  avg_resolution_hours: NullableNumber('Over resolved tickets, in the clock’s hours, 1 decimal'),
  first_response_breaches: Count,
  resolution_breaches: Count,
});

const PerClock = (what: string) =>
  Type.Object({
    calendar: NullableNumber(`${what}, wall clock`),
    business: NullableNumber(`${what}, working time`),
  });

const TrendWeek = Type.Object({
  week: Type.String(),
  starts_at: Time,
  ends_at: Time,
  total_tickets: Count,
  total_breached: Count,
  breach_rate: Rate,
  verdict: VerdictT,
  avg_first_response_minutes: PerClock('Average first response in minutes'),
  avg_resolution_hours: PerClock('Average resolution in hours'),
});

const Review = Type.Object({
  reviewed_at: Time,
  verdict: VerdictT,
  breach_rate: Rate,
  total: Count,
  freeze_request_id: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
});

export const SlaWeekReport = Type.Object({
  week: Type.String({ description: 'e.g. 2027-W38' }),
  starts_at: Time,
  ends_at: Time,
  starts_on: Type.String({ description: 'First day (Sunday), Riyadh date' }),
  ends_on: Type.String({ description: 'Last day (Saturday), Riyadh date' }),
  timezone: Type.Literal(WEEK_TIMEZONE),
  ended: Type.Boolean({ description: 'The week is over (its end is not after now)' }),
  generated_at: Time,
  total_tickets: Count,
  total_breached: Count,
  breach_rate: Rate,
  verdict: VerdictT,
  verdict_ar: Type.String(),
  recommended_action_ar: Type.String(),
  escalate_to_founder: Type.Boolean(),
  by_priority: Type.Object({ P0: PriorityRow, P1: PriorityRow, P2: PriorityRow, P3: PriorityRow }),
  attribution: Type.Object({
    first_response: Type.Object({
      breached: Count,
      drafting: Count,
      approval: Count,
      response: Count,
      unattributed: Count,
    }),
    resolution: Type.Object({ breached: Count }),
  }),
  trend: Type.Array(TrendWeek, { description: `The ${TREND_WEEKS} weeks before, oldest first` }),
  review: Type.Union([Review, Type.Null()], {
    description: 'The one-time review of the finished week; null while the week runs',
  }),
});
export type SlaWeekReportView = Static<typeof SlaWeekReport>;
type PriorityRowView = Static<typeof PriorityRow>;
type ReviewView = Static<typeof Review>;

// ---------------------------------------------------------------------------------------------
// Aggregation

/** Counts and sums of one (week, priority, clock) group. */
interface Cell {
  bucket: number;
  priority: Priority;
  clock: ClockName;
  tickets: number;
  breached: number;
  fr_breached: number;
  fr_drafting: number;
  fr_approval: number;
  fr_response: number;
  res_breached: number;
  fr_sum: number;
  fr_n: number;
  res_sum: number;
  res_n: number;
}

const CELL_COUNTS = [
  'tickets',
  'breached',
  'fr_breached',
  'fr_drafting',
  'fr_approval',
  'fr_response',
  'res_breached',
  'fr_sum',
  'fr_n',
  'res_sum',
  'res_n',
] as const;

const isPriorityName = (p: unknown): p is Priority => (PRIORITIES as readonly unknown[]).includes(p);
const isClockName = (c: unknown): c is ClockName => (Clocks as readonly unknown[]).includes(c);
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * The groups are listed rather than discovered (`priority in (…) and clock in (…)`): with the index
 * on (priority, clock, opened_at, …) each group of a week is then one ordered slice, so no sort is
 * needed. Tickets always carry one of these priorities and clocks.
 */
const GROUPS = sql.raw(
  `priority in (${PRIORITIES.map((p) => `'${p}'`).join(', ')}) and clock in (${Clocks.map((c) => `'${c}'`).join(', ')})`,
);

const FLAGGED = sql`count(*) as tickets,
  sum(case when fr_breached = 1 or res_breached = 1 then 1 else 0 end) as breached,
  sum(case when fr_breached = 1 then 1 else 0 end) as fr_breached,
  sum(case when fr_breached = 1 and breach_cause = 'drafting' then 1 else 0 end) as fr_drafting,
  sum(case when fr_breached = 1 and breach_cause = 'approval' then 1 else 0 end) as fr_approval,
  sum(case when fr_breached = 1 and breach_cause = 'response' then 1 else 0 end) as fr_response,
  sum(case when res_breached = 1 then 1 else 0 end) as res_breached,
  sum(cast(first_response_minutes as double precision)) as fr_sum,
  count(first_response_minutes) as fr_n,
  sum(cast(resolution_minutes as double precision)) as res_sum,
  count(resolution_minutes) as res_n`;

/** `case when opened_at < b1 then 0 when opened_at < b2 then 1 … end`: the week of a row. */
function bucketOf(bounds: string[]): RawBuilder<number> {
  const whens = bounds.slice(1).map((b, i) => sql`when opened_at < ${b} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

/**
 * Aggregates the tickets opened in [bounds[0], bounds[last]) by week, priority and clock.
 * The first query counts flags and minutes over the covering index, one branch per week; the
 * second adds the targets overdue right now that no flag records yet — unmet, not paused, not
 * resolved or closed — reading only the still-open tickets through their partial index.
 */
async function aggregate(db: Db, bounds: string[], now: string): Promise<Cell[]> {
  const weeks = bounds.slice(1).map(
    (to, i) => sql`select ${sql.lit(i)} as bucket, priority, clock, ${FLAGGED}
      from tickets
      where ${GROUPS} and opened_at >= ${bounds[i]} and opened_at < ${to}
      group by priority, clock`,
  );
  const flagged = await sql<Record<string, unknown>>`${sql.join(weeks, sql` union all `)}`.execute(db);

  const frOver = sql`(first_response_at is null and first_response_due_at < ${now})`;
  const resOver = sql`(resolved_at is null and resolution_due_at < ${now})`;
  const frLate = sql`fr_breached = 0 and ${frOver}`;
  // The status condition is written exactly as in the partial index tickets_open_opened.
  const overdue = await sql<Record<string, unknown>>`
    select ${bucketOf(bounds)} as bucket, priority, clock,
      sum(case when fr_breached = 0 and res_breached = 0 and (${frOver} or ${resOver}) then 1 else 0 end)
        as breached,
      sum(case when ${frLate} then 1 else 0 end) as fr_breached,
      sum(case when ${frLate} and breach_cause = 'drafting' then 1 else 0 end) as fr_drafting,
      sum(case when ${frLate} and breach_cause = 'approval' then 1 else 0 end) as fr_approval,
      sum(case when ${frLate} and breach_cause = 'response' then 1 else 0 end) as fr_response,
      sum(case when res_breached = 0 and ${resOver} then 1 else 0 end) as res_breached
    from tickets
    where status not in ('resolved', 'closed')
      and opened_at >= ${bounds[0]} and opened_at < ${bounds[bounds.length - 1]}
      and paused_at is null and (fr_breached = 0 or res_breached = 0)
    group by 1, 2, 3`.execute(db);

  const cells = new Map<string, Cell>();
  for (const r of [...flagged.rows, ...overdue.rows]) {
    if (!isPriorityName(r.priority) || !isClockName(r.clock)) continue;
    const key = `${n(r.bucket)}|${r.priority}|${r.clock}`;
    let c = cells.get(key);
    if (!c) {
      c = { bucket: n(r.bucket), priority: r.priority, clock: r.clock } as Cell;
      for (const k of CELL_COUNTS) c[k] = 0;
      cells.set(key, c);
    }
    for (const k of CELL_COUNTS) c[k] += n(r[k]);
  }
  return [...cells.values()];
}

// ---------------------------------------------------------------------------------------------
// Building the view

interface Sums {
  tickets: number;
  fr_sum: number;
  fr_n: number;
  res_sum: number;
  res_n: number;
}
const emptySums = (): Sums => ({ tickets: 0, fr_sum: 0, fr_n: 0, res_sum: 0, res_n: 0 });

interface PriorityStats {
  count: number;
  breached: number;
  fr: { drafting: number; approval: number; response: number; unattributed: number };
  res_breached: number;
  clocks: Record<ClockName, Sums>;
}

/** Everything the report says about one week. */
export interface WeekStats {
  week: SlaWeek;
  total: number;
  breached: number;
  byPriority: Record<Priority, PriorityStats>;
  clocks: Record<ClockName, Sums>;
}

const DEFAULT_CLOCK: Record<Priority, ClockName> = {
  P0: 'calendar',
  P1: 'calendar',
  P2: 'business',
  P3: 'business',
};

function emptyWeek(week: SlaWeek): WeekStats {
  const byPriority = {} as Record<Priority, PriorityStats>;
  for (const p of PRIORITIES) {
    byPriority[p] = {
      count: 0,
      breached: 0,
      fr: { drafting: 0, approval: 0, response: 0, unattributed: 0 },
      res_breached: 0,
      clocks: { calendar: emptySums(), business: emptySums() },
    };
  }
  return {
    week,
    total: 0,
    breached: 0,
    byPriority,
    clocks: { calendar: emptySums(), business: emptySums() },
  };
}

function addSums(into: Sums, c: Cell): void {
  into.tickets += c.tickets;
  into.fr_sum += c.fr_sum;
  into.fr_n += c.fr_n;
  into.res_sum += c.res_sum;
  into.res_n += c.res_n;
}

function weekStats(weeks: SlaWeek[], cells: Cell[]): WeekStats[] {
  const out = weeks.map(emptyWeek);
  for (const c of cells) {
    const w = out[c.bucket];
    if (!w) continue;
    w.total += c.tickets;
    w.breached += c.breached;
    addSums(w.clocks[c.clock], c);
    const p = w.byPriority[c.priority];
    p.count += c.tickets;
    p.breached += c.breached;
    p.fr.drafting += c.fr_drafting;
    p.fr.approval += c.fr_approval;
    p.fr.response += c.fr_response;
    p.fr.unattributed += c.fr_breached - c.fr_drafting - c.fr_approval - c.fr_response;
    p.res_breached += c.res_breached;
    addSums(p.clocks[c.clock], c);
  }
  return out;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : round(part / whole, 3));
const avg = (sum: number, count: number, per = 1) => (count === 0 ? null : round(sum / count / per, 1));
const frTotal = (p: PriorityStats) => p.fr.drafting + p.fr.approval + p.fr.response + p.fr.unattributed;
const verdictOf = (s: WeekStats): Verdict => verdictFor(s.total === 0 ? 0 : s.breached / s.total);

function priorityRow(priority: Priority, p: PriorityStats): PriorityRowView {
  const { calendar, business } = p.clocks;
  const clock: ClockName =
    calendar.tickets === business.tickets
      ? DEFAULT_CLOCK[priority]
      : calendar.tickets > business.tickets
        ? 'calendar'
        : 'business';
  const on = p.clocks[clock];
  return {
    count: p.count,
    breached: p.breached,
    breach_rate: rate(p.breached, p.count),
    clock,
    mixed_clocks: calendar.tickets > 0 && business.tickets > 0,
    avg_first_response_minutes: avg(on.fr_sum, on.fr_n),
    avg_resolution_hours: avg(on.res_sum, on.res_n, 60),
    first_response_breaches: frTotal(p),
    resolution_breaches: p.res_breached,
  };
}

function trendWeek(s: WeekStats): Static<typeof TrendWeek> {
  return {
    week: s.week.label,
    starts_at: s.week.starts_at.toISOString(),
    ends_at: s.week.ends_at.toISOString(),
    total_tickets: s.total,
    total_breached: s.breached,
    breach_rate: rate(s.breached, s.total),
    verdict: verdictOf(s),
    avg_first_response_minutes: {
      calendar: avg(s.clocks.calendar.fr_sum, s.clocks.calendar.fr_n),
      business: avg(s.clocks.business.fr_sum, s.clocks.business.fr_n),
    },
    avg_resolution_hours: {
      calendar: avg(s.clocks.calendar.res_sum, s.clocks.calendar.res_n, 60),
      business: avg(s.clocks.business.res_sum, s.clocks.business.res_n, 60),
    },
  };
}

function buildView(stats: WeekStats[], now: Date, review: ReviewView | null): SlaWeekReportView {
  const s = stats[stats.length - 1]!;
  const verdict = verdictOf(s);
  const byPriority = {} as SlaWeekReportView['by_priority'];
  const fr = { breached: 0, drafting: 0, approval: 0, response: 0, unattributed: 0 };
  let resBreached = 0;
  for (const p of PRIORITIES) {
    const ps = s.byPriority[p];
    byPriority[p] = priorityRow(p, ps);
    fr.breached += frTotal(ps);
    fr.drafting += ps.fr.drafting;
    fr.approval += ps.fr.approval;
    fr.response += ps.fr.response;
    fr.unattributed += ps.fr.unattributed;
    resBreached += ps.res_breached;
  }
  return {
    week: s.week.label,
    starts_at: s.week.starts_at.toISOString(),
    ends_at: s.week.ends_at.toISOString(),
    starts_on: riyadhDate(s.week.starts_at),
    ends_on: riyadhDate(new Date(s.week.ends_at.getTime() - 1)),
    timezone: WEEK_TIMEZONE,
    ended: s.week.ends_at.getTime() <= now.getTime(),
    generated_at: now.toISOString(),
    total_tickets: s.total,
    total_breached: s.breached,
    breach_rate: rate(s.breached, s.total),
    verdict,
    verdict_ar: VERDICT_TEXT[verdict].verdict_ar,
    recommended_action_ar: VERDICT_TEXT[verdict].action_ar,
    escalate_to_founder: verdict === 'critical',
    by_priority: byPriority,
    attribution: { first_response: fr, resolution: { breached: resBreached } },
    trend: stats.slice(0, -1).map(trendWeek),
    review,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

export type CsvLang = 'en' | 'ar';

const csvCell = (v: string | number | boolean | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * One header row, then for the week and each of the eight before it (newest first) a row per
 * priority and an "all" row. With `lang=ar` the header and labels are Arabic and the file starts
 * with a byte-order mark, so spreadsheet programs open it as UTF-8.
 */
export function toCsv(stats: WeekStats[], lang: CsvLang = 'en'): string {
  const ar = lang === 'ar';
  const word = (v: 'all' | ClockName | boolean): string => {
    if (typeof v === 'boolean') return ar ? (v ? CSV_VALUES_AR.yes : CSV_VALUES_AR.no) : String(v);
    return ar ? CSV_VALUES_AR[v] : v;
  };
  const lines = [CSV_COLUMNS.map((c) => csvCell(ar ? c.ar : c.key)).join(',')];
  for (const s of [...stats].reverse()) {
    const dates = [
      s.week.label,
      riyadhDate(s.week.starts_at),
      riyadhDate(new Date(s.week.ends_at.getTime() - 1)),
    ];
    const all = { fr: 0, drafting: 0, approval: 0, response: 0, unattributed: 0, res: 0 };
    for (const p of PRIORITIES) {
      const ps = s.byPriority[p];
      const row = priorityRow(p, ps);
      all.fr += row.first_response_breaches;
      all.drafting += ps.fr.drafting;
      all.approval += ps.fr.approval;
      all.response += ps.fr.response;
      all.unattributed += ps.fr.unattributed;
      all.res += row.resolution_breaches;
      lines.push(
        [
          ...dates,
          p,
          word(row.clock),
          word(row.mixed_clocks),
          row.count,
          row.breached,
          row.breach_rate,
          row.avg_first_response_minutes,
          row.avg_resolution_hours,
          row.first_response_breaches,
          ps.fr.drafting,
          ps.fr.approval,
          ps.fr.response,
          ps.fr.unattributed,
          row.resolution_breaches,
          '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
    const verdict = verdictOf(s);
    lines.push(
      [
        ...dates,
        word('all'),
        '',
        '',
        s.total,
        s.breached,
        rate(s.breached, s.total),
        '',
        '',
        all.fr,
        all.drafting,
        all.approval,
        all.response,
        all.unattributed,
        all.res,
        ar ? VERDICT_TEXT[verdict].verdict_ar : verdict,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${ar ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// The weekly review

export const REVIEW_ACTOR = 'system';
const sourceKey = (week: string) => `sla_week:${week}`;

async function loadReview(db: Db, week: string): Promise<ReviewView | null> {
  const r = await db.selectFrom('sla_week_reviews').selectAll().where('week', '=', week).executeTakeFirst();
  if (!r) return null;
  const f = await db
    .selectFrom('freeze_requests')
    .select('id')
    .where('source_key', '=', sourceKey(week))
    .executeTakeFirst();
  return {
    reviewed_at: r.reviewed_at,
    verdict: r.verdict as Verdict,
    breach_rate: round(Number(r.breach_rate), 3),
    total: Number(r.total),
    freeze_request_id: f?.id ?? null,
  };
}

/**
 * Records the review of a finished week, once: the first writer's row in sla_week_reviews wins
 * (a concurrent or later one inserts nothing and stops). A critical week also asks for a global
 * freeze of live actions, tells the founder and writes the Ledger, all in the same transaction.
 * Returns whether this call did the review.
 */
async function recordReview(deps: Deps, s: WeekStats): Promise<boolean> {
  const week = s.week.label;
  const verdict = verdictOf(s);
  const breach_rate = rate(s.breached, s.total);
  return inUnit(deps, REVIEW_ACTOR, async (u) => {
    const at = u.now.toISOString();
    const first = await u.tx
      .insertInto('sla_week_reviews')
      .values({ week, verdict, breach_rate, total: s.total, reviewed_at: at })
      .onConflict((oc) => oc.column('week').doNothing())
      .executeTakeFirst();
    if (Number(first.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    if (verdict !== 'critical') {
      await u.record('sla.week_reviewed', week, { verdict, breach_rate, total: s.total });
      return true;
    }
    const id = newId('frz', u.now);
    await u.tx
      .insertInto('freeze_requests')
      .values({
        id,
        scope: 'global',
        channel: null,
        customer_id: null,
        reason: freezeReason(week, breach_rate, s.breached, s.total),
        source: 'sla_verdict',
        source_key: sourceKey(week),
        status: 'requested',
        created_at: at,
        created_by: REVIEW_ACTOR,
      })
      .onConflict((oc) => oc.column('source_key').doNothing())
      .execute();
    const freeze = await u.tx
      .selectFrom('freeze_requests')
      .select('id')
      .where('source_key', '=', sourceKey(week))
      .executeTakeFirstOrThrow();
    await freezeForSlaVerdict(u, week, freeze.id);
    const title = criticalWeekTitle(week, breach_rate);
    await notifyRole(
      u.tx,
      {
        role: 'founder',
        kind: 'sla_verdict_critical',
        subject_type: 'sla_week',
        subject_id: week,
        customer_id: null,
        title_ar: title.ar,
        title_en: title.en,
        data: { week, breach_rate, total: s.total, breached: s.breached, freeze_request_id: freeze.id },
        dedupe_key: sourceKey(week),
      },
      u.now,
    );
    await u.record('sla.verdict_critical', week, {
      breach_rate,
      total: s.total,
      freeze_request_id: freeze.id,
    });
    return true;
  });
}

/** Reviews a week whose end has passed, unless it already was; a running week is left alone. */
async function reviewIfEnded(deps: Deps, s: WeekStats, now: Date): Promise<boolean> {
  if (s.week.ends_at.getTime() > now.getTime()) return false;
  if (await loadReview(deps.store.db, s.week.label)) return false;
  return recordReview(deps, s);
}

async function statsFor(deps: Deps, week: SlaWeek, trend: number, now: Date): Promise<WeekStats[]> {
  const weeks = Array.from({ length: trend + 1 }, (_, i) => shiftWeek(week, i - trend));
  const bounds = [...weeks.map((w) => w.starts_at.toISOString()), week.ends_at.toISOString()];
  return weekStats(weeks, await aggregate(deps.store.db, bounds, now.toISOString()));
}

export interface ReviewOutcome {
  week: string;
  ended: boolean;
  /** True when this call recorded the review (false: not ended yet, or reviewed before). */
  reviewed_now: boolean;
  verdict: Verdict;
  review: ReviewView | null;
}

/**
 * The weekly review for the scheduler: `reviewWeek(deps, previousWeek(now))`, as often as it likes.
 * Idempotent; safe to run on several instances at once.
 */
export async function reviewWeek(deps: Deps, week: string | SlaWeek): Promise<ReviewOutcome> {
  const w = typeof week === 'string' ? parseWeek(week) : week;
  const now = deps.clock.now();
  const ended = w.ends_at.getTime() <= now.getTime();
  // Called on a timer: once the week is reviewed, answer without counting again.
  const before = ended ? await loadReview(deps.store.db, w.label) : null;
  if (before) return { week: w.label, ended, reviewed_now: false, verdict: before.verdict, review: before };
  const [s] = await statsFor(deps, w, 0, now);
  const reviewed_now = await reviewIfEnded(deps, s!, now);
  return {
    week: w.label,
    ended,
    reviewed_now,
    verdict: verdictOf(s!),
    review: await loadReview(deps.store.db, w.label),
  };
}

// ---------------------------------------------------------------------------------------------
// The service

export function slaReportService(deps: Deps) {
  /** The week's and its trend's statistics; reviews the week first when it has ended. */
  const compute = async (weekInput: string | undefined) => {
    const now = deps.clock.now();
    const week = weekInput === undefined ? weekOf(now) : parseWeek(weekInput);
    const stats = await statsFor(deps, week, TREND_WEEKS, now);
    await reviewIfEnded(deps, stats[stats.length - 1]!, now);
    return { now, week, stats };
  };
  return {
    /** The report of `week` ("2027-W38"); the current Riyadh week when omitted. */
    async report(weekInput?: string): Promise<SlaWeekReportView> {
      const { now, week, stats } = await compute(weekInput);
      return buildView(stats, now, await loadReview(deps.store.db, week.label));
    },
    /** The same week as CSV, with its `label` for a file name. */
    async csv(weekInput?: string, lang: CsvLang = 'en'): Promise<{ week: string; csv: string }> {
      const { week, stats } = await compute(weekInput);
      return { week: week.label, csv: toCsv(stats, lang) };
    },
  };
}
export type SlaReportService = ReturnType<typeof slaReportService>;
