/**
 * Managing the SLA configuration. Every change writes a new revision (calendars and policies are
 * versioned, never edited in place) and a Ledger entry in the same unit of work. A calendar change
 * — a sighted Eid, a company day off, new hours — also recomputes every open ticket's deadlines
 * on the new revision; closed and resolved tickets keep the revision they ran on.
 * A policy change applies to tickets opened after it (a running ticket keeps the targets it was
 * opened with, like a signed contract).
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { addDays } from '../../lib/time.js';
import { newId } from '../../store/ids.js';
import { type Deps, inUnit } from '../../store/unit.js';
import { actorName, authorize, type Principal } from '../access/domain.js';
import { assertBundle } from '../success/domain.js';
import { PRIORITIES } from '../support/priorities.js';
import { ticketsService } from '../tickets/service.js';
import {
  type BusinessCalendar,
  defaultCalendar,
  formatDual,
  type Holiday,
  type WeeklySchedule,
} from './calendar.js';
import { buildCalendar, type CalendarDefinition, policyScopeKey, slaConfigOf } from './config.js';
import type { SlaPolicy } from './deadlines.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest holiday a single change may set (Eid spans are about a week). */
const MAX_HOLIDAY_DAYS = 31;

function checkDates(from: string, to: string): void {
  for (const [d, field] of [
    [from, 'date_from'],
    [to, 'date_to'],
  ] as const) {
    if (!ISO_DATE.test(d) || addDays(d, 0) !== d)
      throw invalid('invalid_date', `${field} must be a YYYY-MM-DD date, got "${d}"`, field);
  }
  if (to < from) throw invalid('invalid_range', `date_to ${to} is before date_from ${from}`, 'date_to');
  if (addDays(from, MAX_HOLIDAY_DAYS - 1) < to)
    throw invalid('range_too_long', `A holiday lasts at most ${MAX_HOLIDAY_DAYS} days`, 'date_to');
}

/** A calendar for a mid-year instant: the one that holds that year's holidays. */
const midYear = (year: number) => new Date(`${year}-07-01T00:00:00+03:00`);

function holidayView(h: Holiday) {
  return {
    key: h.key,
    year: h.year,
    hijri_year: h.hijri_year ?? null,
    name_ar: h.name_ar,
    name_en: h.name_en,
    status: h.status,
    date_from: h.date_from,
    date_to: h.date_to,
    from_hijri: formatDual(new Date(`${h.date_from}T12:00:00+03:00`)).hijri,
    to_hijri: formatDual(new Date(`${h.date_to}T12:00:00+03:00`)).hijri,
  };
}

function calendarView(revision: number, cal: BusinessCalendar, year: number) {
  const inYear = (r: { date_from: string; date_to: string }) =>
    r.date_from <= `${year}-12-31` && r.date_to >= `${year}-01-01`;
  return {
    revision,
    version: cal.version,
    time_zone: cal.time_zone,
    year,
    weekly: cal.weekly.map((d) => d.map((iv) => ({ ...iv }))),
    ramadan_weekly: cal.ramadan_weekly.map((d) => d.map((iv) => ({ ...iv }))),
    ramadan: cal.ramadan.filter(inYear).map((r) => ({ ...r })),
    holidays: cal.holidays.filter(inYear).map(holidayView),
  };
}

/** The weekly schedules must make a calendar (7 days, valid HH:mm, no overlaps, some working time). */
function checkSchedules(def: CalendarDefinition): void {
  try {
    defaultCalendar([2027], {
      weekly: def.weekly,
      ramadan_weekly: def.ramadan_weekly,
      extraHolidays: def.extra_holidays,
    });
  } catch (e) {
    throw invalid('invalid_schedule', (e as Error).message, 'weekly');
  }
}

export interface PolicyInput {
  scope: 'default' | 'bundle' | 'customer';
  scope_id?: string | undefined;
  policy: SlaPolicy;
  note?: string | undefined;
}

export function slaAdmin(deps: Deps) {
  const cfg = slaConfigOf(deps.store.db);
  const tickets = ticketsService(deps);

  /** Writes a new calendar revision and moves every open ticket onto it, in one unit. */
  const changeCalendar = async (
    p: Principal,
    expected: number | undefined,
    note: string | undefined,
    change: Record<string, unknown>,
    edit: (def: CalendarDefinition, current: number) => CalendarDefinition,
  ) => {
    authorize(p, 'sla_calendar.manage');
    let written: number | null = null;
    try {
      return await inUnit(deps, actorName(p), async (u) => {
        const current = await cfg.currentRevision(u.tx, true);
        if (expected !== undefined && expected !== current)
          throw conflict(
            'stale_revision',
            `The calendar is at revision ${current}, not ${expected}; reload and retry`,
            'expected_revision',
            { current_revision: current },
          );
        const def = edit(await cfg.definition(current, u.tx), current);
        checkSchedules(def);
        const revision = current + 1;
        written = revision;
        try {
          await u.tx
            .insertInto('sla_calendars')
            .values({
              revision,
              definition: JSON.stringify(def),
              note: note ?? '',
              created_at: u.now.toISOString(),
              created_by: u.actor,
            })
            .execute();
        } catch {
          throw conflict(
            'stale_revision',
            'The calendar changed meanwhile; reload and retry',
            'expected_revision',
          );
        }
        const open = await u.tx
          .selectFrom('tickets')
          .selectAll()
          .where('status', 'in', ['open', 'pending_customer'])
          .orderBy('id')
          .execute();
        let moved = 0;
        for (const row of open) if (await tickets.moveToCalendar(u, row, revision)) moved++;
        await u.record('sla.calendar_changed', `calendar:${revision}`, {
          revision,
          from_revision: current,
          change,
          note: note ?? null,
          open_tickets: open.length,
          deadlines_moved: moved,
        });
        return { revision, open_tickets: open.length, deadlines_moved: moved };
      });
    } catch (e) {
      if (written !== null) cfg.forget(written);
      throw e;
    } finally {
      cfg.invalidate();
    }
  };

  return {
    async calendar(p: Principal, year: number) {
      authorize(p, 'sla_calendar.read');
      const revision = await cfg.currentRevision(deps.store.db, true);
      return calendarView(revision, await cfg.calendar(revision, midYear(year)), year);
    },

    async revisions(p: Principal) {
      authorize(p, 'sla_calendar.read');
      const rows = await deps.store.db
        .selectFrom('sla_calendars')
        .select(['revision', 'note', 'created_at', 'created_by'])
        .orderBy('revision', 'desc')
        .limit(500)
        .execute();
      return { revisions: rows };
    },

    /** Confirms a provisional holiday after the moon sighting, moving its dates when they differ. */
    async confirmHoliday(
      p: Principal,
      input: {
        key: string;
        year: number;
        date_from?: string | undefined;
        date_to?: string | undefined;
        note?: string | undefined;
        expected_revision?: number | undefined;
      },
    ) {
      let holiday: Holiday | undefined;
      const result = await changeCalendar(
        p,
        input.expected_revision,
        input.note,
        { holiday: input.key, year: input.year, date_from: input.date_from, date_to: input.date_to },
        (def, current) => {
          const cal = buildCalendar(def, current, midYear(input.year));
          const h = cal.holidays.find((x) => x.key === input.key && x.year === input.year);
          if (!h) throw notFound('holiday_not_found', `No holiday "${input.key}" in ${input.year}`, 'key');
          const date_from = input.date_from ?? h.date_from;
          const date_to = input.date_to ?? h.date_to;
          checkDates(date_from, date_to);
          holiday = { ...h, date_from, date_to, status: 'confirmed' };
          return {
            ...def,
            overrides: [
              ...def.overrides.filter((o) => !(o.key === input.key && o.year === input.year)),
              { key: input.key, year: input.year, date_from, date_to },
            ],
          };
        },
      );
      return { ...result, holiday: holidayView(holiday!) };
    },

    /** Adds a company day off (or several days). */
    async addHoliday(
      p: Principal,
      input: {
        key: string;
        name_ar: string;
        name_en: string;
        date_from: string;
        date_to: string;
        note?: string | undefined;
        expected_revision?: number | undefined;
      },
    ) {
      checkDates(input.date_from, input.date_to);
      const h: Holiday = {
        key: input.key,
        year: Number(input.date_from.slice(0, 4)),
        name_ar: input.name_ar,
        name_en: input.name_en,
        date_from: input.date_from,
        date_to: input.date_to,
        status: 'confirmed',
      };
      const result = await changeCalendar(p, input.expected_revision, input.note, { added: h }, (def) => {
        if (def.extra_holidays.some((x) => x.key === h.key && x.year === h.year))
          throw conflict('holiday_exists', `A holiday "${h.key}" already exists in ${h.year}`, 'key');
        return { ...def, extra_holidays: [...def.extra_holidays, h] };
      });
      return { ...result, holiday: holidayView(h) };
    },

    /** New working hours (weekly and/or Ramadan). */
    async setHours(
      p: Principal,
      input: {
        weekly?: WeeklySchedule | undefined;
        ramadan_weekly?: WeeklySchedule | undefined;
        note?: string | undefined;
        expected_revision?: number | undefined;
      },
    ) {
      if (!input.weekly && !input.ramadan_weekly)
        throw invalid('nothing_to_change', 'Give weekly and/or ramadan_weekly', 'weekly');
      return changeCalendar(
        p,
        input.expected_revision,
        input.note,
        { weekly: input.weekly ?? null, ramadan_weekly: input.ramadan_weekly ?? null },
        (def) => ({
          ...def,
          ...(input.weekly ? { weekly: input.weekly } : {}),
          ...(input.ramadan_weekly ? { ramadan_weekly: input.ramadan_weekly } : {}),
        }),
      );
    },

    /** The policies in force per scope (the built-in default when none is stored). */
    async policies(p: Principal) {
      authorize(p, 'sla_policies.read');
      const rows = await deps.store.db
        .selectFrom('sla_policies')
        .selectAll()
        .orderBy('scope_key')
        .orderBy('revision', 'desc')
        .execute();
      const latest = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (!latest.has(r.scope_key)) latest.set(r.scope_key, r);
      const current = [...latest.values()].map((r) => ({
        id: r.id,
        scope_key: r.scope_key,
        revision: r.revision,
        policy: JSON.parse(r.definition) as SlaPolicy,
        note: r.note,
        created_at: r.created_at,
        created_by: r.created_by,
      }));
      const fallback = await cfg.defaultPolicy();
      return { default_policy: { id: fallback.id, policy: fallback.policy }, policies: current };
    },

    async setPolicy(p: Principal, input: PolicyInput) {
      authorize(p, 'sla_policies.manage');
      for (const pr of PRIORITIES) {
        const row = input.policy[pr];
        if (row.first_response_minutes > row.resolution_hours * 60)
          throw invalid(
            'invalid_policy',
            `${pr}: the first response (${row.first_response_minutes} min) cannot come after the resolution (${row.resolution_hours} h)`,
            `policy.${pr}`,
          );
      }
      if (input.scope === 'default' && input.scope_id !== undefined)
        throw invalid('invalid_scope', 'The default policy takes no scope_id', 'scope_id');
      if (input.scope !== 'default' && !input.scope_id)
        throw invalid('scope_id_required', `A ${input.scope} policy needs scope_id`, 'scope_id');
      if (input.scope === 'bundle') assertBundle(input.scope_id!, 'scope_id');
      const scopeKey = policyScopeKey(input.scope, input.scope_id);
      try {
        return await inUnit(deps, actorName(p), async (u) => {
          if (input.scope === 'customer') {
            const c = await u.tx
              .selectFrom('customers')
              .select('id')
              .where('id', '=', input.scope_id!)
              .executeTakeFirst();
            if (!c)
              throw notFound('customer_not_found', `No customer with id "${input.scope_id}"`, 'scope_id');
          }
          const last = await u.tx
            .selectFrom('sla_policies')
            .select('revision')
            .where('scope_key', '=', scopeKey)
            .orderBy('revision', 'desc')
            .limit(1)
            .executeTakeFirst();
          const revision = (last?.revision ?? 0) + 1;
          const policy = Object.fromEntries(
            PRIORITIES.map((pr) => [pr, { ...input.policy[pr] }]),
          ) as SlaPolicy;
          const row = {
            id: newId('pol', u.now),
            scope_key: scopeKey,
            revision,
            definition: JSON.stringify(policy),
            note: input.note ?? '',
            created_at: u.now.toISOString(),
            created_by: u.actor,
          };
          try {
            await u.tx.insertInto('sla_policies').values(row).execute();
          } catch {
            throw conflict('stale_revision', 'The policy changed meanwhile; retry', 'scope');
          }
          await u.record('sla.policy_changed', row.id, {
            scope_key: scopeKey,
            revision,
            policy,
            note: row.note,
          });
          return {
            id: row.id,
            scope_key: scopeKey,
            revision,
            policy,
            note: row.note,
            created_at: row.created_at,
          };
        });
      } finally {
        cfg.invalidate();
      }
    },
  };
}
