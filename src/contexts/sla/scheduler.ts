/**
 * The SLA scheduler: wakes on the tickets' `next_alert_at` (indexed), raises the warnings and
 * breaches the alert engine says are due, and writes down when to look at each ticket next.
 *
 * Every alert happens once per ticket, target and level, whatever restarts or other instances
 * do: the `sla_alerts` row is written first under a unique constraint, and only the writer that
 * inserted it notifies, escalates and records. On PostgreSQL the due tickets are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several instances share the work instead of queueing on it; on
 * SQLite the sweep takes the write lock up front (one writer at a time).
 *
 * @example
 *   const s = startScheduler({ store, clock: systemClock }, { onError: (e) => log.error(e) });
 *   // … after a change that may bring an alert forward: s.wake(); on shutdown: await s.stop();
 */
import { type Kysely, sql, type Updateable } from 'kysely';
import { newId } from '../../store/ids.js';
import type { Database } from '../../store/schema.js';
import type { TicketTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { notifyRole } from '../notifications/notify.js';
import type { Priority } from '../support/priorities.js';
import type { BusinessCalendar } from './calendar.js';
import { slaConfigOf } from './config.js';
import type { SlaClock } from './deadlines.js';
import {
  type AlertInput,
  type AlertPlan,
  alertBit,
  breachCause,
  type DueAlert,
  planAlerts,
} from './engine.js';
import { alertTitle } from './scheduler-messages.js';

export const SCHEDULER_ACTOR = 'system';
export const DEFAULT_SWEEP_LIMIT = 200;
/** A ticket whose alerts cannot be planned (e.g. a calendar that is not stored) is retried this much later. */
const RETRY_BROKEN_MS = 15 * 60_000;
const MIN_RESCHEDULE_MS = 60_000;

/** The columns a sweep reads. */
const DUE_COLUMNS = [
  'id',
  'customer_id',
  'priority',
  'owner',
  'opened_at',
  'calendar_revision',
  'clock',
  'fr_target_minutes',
  'res_target_minutes',
  'clock_anchor_at',
  'counted_minutes',
  'first_response_at',
  'resolved_at',
  'draft_ready_at',
  'approved_at',
  'alerts_fired',
  'next_alert_at',
  'version',
] as const satisfies readonly (keyof TicketTable)[];
export type DueTicket = Pick<TicketTable, (typeof DUE_COLUMNS)[number]>;

type Db = Kysely<Database>;

/**
 * The tickets due for a look at `now`, earliest first. With `claim` (PostgreSQL, inside a
 * transaction) the rows are locked, and rows another instance holds are passed over.
 */
export function findDue(db: Db, now: Date, limit: number, claim: boolean): Promise<DueTicket[]> {
  const q = db
    .selectFrom('tickets')
    .select(DUE_COLUMNS)
    .where('next_alert_at', '<=', now.toISOString())
    .orderBy('next_alert_at')
    .limit(limit);
  return (claim ? q.forUpdate().skipLocked() : q).execute();
}

/** The earliest instant any ticket needs a look (one indexed query), or null when none does. */
export async function earliestAlertAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.min('next_alert_at').as('at'))
    .where('next_alert_at', 'is not', null) // lets the partial index answer
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

export interface SweepOptions {
  /** Tickets looked at per sweep (one transaction); default 200. */
  limit?: number;
  /** Told about a ticket whose alerts could not be planned; the ticket is retried later. */
  onTicketError?: (error: unknown, ticketId: string) => void;
}

export interface SweepResult {
  /** Tickets looked at. */
  examined: number;
  /** Warnings and breaches raised (notified and recorded). */
  fired: number;
  /** Lower levels passed over because a higher one of the same target was due at once. */
  skipped: number;
  /** Tickets put off because their alerts could not be planned. */
  postponed: number;
  /** True when the store was busy (another writer); nothing was done, sweep again shortly. */
  busy: boolean;
}

const EMPTY: SweepResult = { examined: 0, fired: 0, skipped: 0, postponed: 0, busy: false };

/** Lock contention that a later sweep gets past: SQLite busy/locked, a PostgreSQL deadlock or serialization failure. */
export function isRetryable(e: unknown): boolean {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  return (
    code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '40P01' || code === '40001'
  );
}

const toDate = (s: string | null) => (s === null ? null : new Date(s));

function alertInputOf(t: DueTicket, calendar: BusinessCalendar): AlertInput {
  return {
    priority: t.priority as Priority,
    spec: { clock: t.clock as SlaClock, calendar },
    state: { anchor: toDate(t.clock_anchor_at), counted: Number(t.counted_minutes) },
    targets: {
      first_response_minutes: Number(t.fr_target_minutes),
      resolution_minutes: Number(t.res_target_minutes),
    },
    first_response_met: t.first_response_at !== null,
    resolved: t.resolved_at !== null,
    alerts_fired: Number(t.alerts_fired),
  };
}

/** Notifies, records and (on a breach) escalates one alert this sweep inserted. */
async function raise(u: UnitContext, t: DueTicket, a: DueAlert): Promise<void> {
  const priority = t.priority as Priority;
  const dueAt = a.at.toISOString();
  const breach = a.level === 100;
  await notifyRole(
    u.tx,
    {
      // P0 is the founder's whoever holds the ticket.
      role: priority === 'P0' ? 'founder' : t.owner,
      kind: breach ? 'sla_breach' : 'sla_warning',
      subject_type: 'ticket',
      subject_id: t.id,
      customer_id: t.customer_id,
      ...alertTitle(priority, a.target, a.level),
      data: { ticket_id: t.id, priority, target: a.target, level: a.level, due_at: dueAt },
      dedupe_key: `sla:${t.id}:${a.target}:${a.level}`,
    },
    u.now,
  );
  // Identifiers and numbers only: the Ledger is append-only, so no ticket text or contact details.
  await u.record(breach ? 'sla.breach' : 'sla.warning', t.id, {
    target: a.target,
    level: a.level,
    due_at: dueAt,
    priority,
    customer_id: t.customer_id,
  });
  if (!breach) return;
  const data = { reason: 'sla_breach', target: a.target, due_at: dueAt };
  await u.tx
    .insertInto('ticket_events')
    .values({
      id: newId('tev', u.now),
      ticket_id: t.id,
      event: 'escalated',
      at: u.now.toISOString(),
      actor: u.actor,
      data: JSON.stringify(data),
    })
    .execute();
  await u.record('ticket.escalated', t.id, { customer_id: t.customer_id, ...data });
}

/** Looks at one claimed ticket; returns what it fired and skipped. */
async function sweepTicket(
  u: UnitContext,
  t: DueTicket,
  input: AlertInput,
  plan: AlertPlan,
): Promise<{ fired: number; skipped: number }> {
  let fired = 0;
  let skipped = 0;
  let bits = input.alerts_fired;
  const patch: Updateable<TicketTable> = {};
  for (const a of plan.due) {
    bits |= alertBit(a.target, a.level);
    const inserted = await u.tx
      .insertInto('sla_alerts')
      .values({
        id: newId('sla', u.now),
        ticket_id: t.id,
        target: a.target,
        threshold: a.level,
        due_at: a.at.toISOString(),
        fired_at: u.now.toISOString(),
        status: a.action === 'fire' ? 'fired' : 'skipped',
      })
      .onConflict((oc) => oc.columns(['ticket_id', 'target', 'threshold']).doNothing())
      .executeTakeFirst();
    // Not inserted: another sweep already dealt with this alert, and did everything it implies.
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
    if (a.action === 'skip') {
      skipped++;
      continue;
    }
    await raise(u, t, a);
    fired++;
    if (a.level === 100 && a.target === 'first_response') {
      patch.fr_breached = 1;
      patch.breach_cause = breachCause(a.at, toDate(t.draft_ready_at), toDate(t.approved_at));
    } else if (a.level === 100) {
      patch.res_breached = 1;
    }
  }
  const next = planAlerts({ ...input, alerts_fired: bits }, u.now).next_alert_at;
  patch.alerts_fired = bits;
  patch.next_alert_at = nextLook(next, u.now);
  await updateUnlessChanged(u, t, patch);
  return { fired, skipped };
}

/**
 * The engine always places the next look after `now`; should it ever not, the ticket waits a
 * minute rather than being picked up again and again in the same instant.
 */
function nextLook(next: Date | null, now: Date): string | null {
  if (next === null) return null;
  return next.getTime() > now.getTime()
    ? next.toISOString()
    : new Date(now.getTime() + MIN_RESCHEDULE_MS).toISOString();
}

/**
 * The scheduler's own columns, written without bumping `version`: a user's edit in flight must not
 * fail as stale because an alert fired. It is conditional on the version read, so a ticket changed
 * meanwhile keeps what that change wrote and is simply looked at again.
 */
async function updateUnlessChanged(
  u: UnitContext,
  t: DueTicket,
  patch: Updateable<TicketTable>,
): Promise<void> {
  await u.tx
    .updateTable('tickets')
    .set(patch)
    .where('id', '=', t.id)
    .where('version', '=', t.version)
    .execute();
}

/**
 * One sweep: claims up to `limit` tickets due at the clock's now and deals with each, all in one
 * transaction (alerts, notifications, events, Ledger entries and the tickets' next look commit
 * together or not at all). Idempotent: sweeping again at the same instant finds nothing to do.
 */
export async function sweep(deps: Deps, opts: SweepOptions = {}): Promise<SweepResult> {
  const limit = Math.max(1, opts.limit ?? DEFAULT_SWEEP_LIMIT);
  const dialect = deps.store.dialect;
  const config = slaConfigOf(deps.store.db);
  try {
    return await inUnit(deps, SCHEDULER_ACTOR, async (u) => {
      if (dialect === 'sqlite') {
        // A no-op write takes SQLite's write lock now, waiting out another writer (busy_timeout),
        // instead of failing later when a read transaction tries to become a writer.
        await sql`update tickets set version = version where 1 = 0`.execute(u.tx);
      }
      const due = await findDue(u.tx, u.now, limit, dialect === 'postgres');
      const result: SweepResult = { ...EMPTY, examined: due.length };
      for (const t of due) {
        let input: AlertInput;
        let plan: AlertPlan;
        try {
          const calendar = await config.calendar(Number(t.calendar_revision), new Date(t.opened_at), u.tx);
          input = alertInputOf(t, calendar);
          plan = planAlerts(input, u.now);
        } catch (e) {
          if (dialect === 'postgres' && isDatabaseError(e)) throw e; // the transaction is aborted
          opts.onTicketError?.(e, t.id);
          await updateUnlessChanged(u, t, {
            next_alert_at: new Date(u.now.getTime() + RETRY_BROKEN_MS).toISOString(),
          });
          result.postponed++;
          continue;
        }
        const r = await sweepTicket(u, t, input, plan);
        result.fired += r.fired;
        result.skipped += r.skipped;
      }
      return result;
    });
  } catch (e) {
    if (isRetryable(e)) return { ...EMPTY, busy: true };
    throw e;
  }
}

/** Errors raised by PostgreSQL itself carry a five-character SQLSTATE. */
const isDatabaseError = (e: unknown) =>
  /^[0-9A-Z]{5}$/.test(String((e as { code?: unknown } | null)?.code ?? ''));

export interface SchedulerOptions {
  /** The longest nap between sweeps, so tickets changed by another process are seen; default 30 s. */
  maxSleepMs?: number;
  /** The pause after a failed sweep; default 5 s (at most maxSleepMs). */
  errorPauseMs?: number;
  /** Tickets per sweep; default 200. */
  limit?: number;
  /** Told about every failure; the loop goes on after a pause. */
  onError?: (error: unknown) => void;
}

export interface Scheduler {
  /** Finishes the sweep in progress, if any, and stops. */
  stop(): Promise<void>;
  /** Sweeps now instead of sleeping on (e.g. after a change that brought an alert forward). */
  wake(): void;
}

/**
 * Runs sweeps until stopped: again at once while a sweep finds a full batch, otherwise asleep until
 * the earliest `next_alert_at` (at most `maxSleepMs`). Time comes from `deps.clock`; the naps are
 * real timers. A failure never ends the loop: it is reported to `onError` and retried after a pause.
 */
export function startScheduler(deps: Deps, opts: SchedulerOptions = {}): Scheduler {
  const maxSleepMs = Math.max(1, opts.maxSleepMs ?? 30_000);
  const errorPauseMs = Math.min(maxSleepMs, Math.max(1, opts.errorPauseMs ?? 5_000));
  const busyPauseMs = Math.min(maxSleepMs, 250);
  const limit = Math.max(1, opts.limit ?? DEFAULT_SWEEP_LIMIT);
  const report = (e: unknown) => {
    try {
      opts.onError?.(e);
    } catch {
      // a failing reporter must not stop the scheduler
    }
  };
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) {
        woken = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = done;
    });

  const loop = (async () => {
    while (!stopped) {
      let pause: number;
      try {
        const r = await sweep(deps, { limit, onTicketError: report });
        if (stopped) break;
        if (r.busy) pause = busyPauseMs;
        else if (r.examined >= limit) continue;
        else {
          const next = await earliestAlertAt(deps.store.db);
          const wait = next === null ? maxSleepMs : next.getTime() - deps.clock.now().getTime();
          // Never a busy loop: something due now that the sweep did not take gets a short pause.
          pause = Math.min(maxSleepMs, Math.max(wait, 10));
        }
      } catch (e) {
        report(e);
        pause = errorPauseMs;
      }
      await sleep(pause);
    }
  })();

  return {
    async stop() {
      stopped = true;
      interrupt?.();
      await loop;
    },
    wake() {
      woken = true;
      interrupt?.();
    },
  };
}
