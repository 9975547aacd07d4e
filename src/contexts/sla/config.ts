/**
 * Stored SLA configuration: the business calendar and the SLA policies, both versioned. A calendar
 * revision is a definition (weekly hours, Ramadan hours, Eid spans, sighted holiday dates, company
 * days off) from which the calendar of any year is built; revision 0 is the built-in Saudi calendar.
 * A policy revision belongs to a scope — a customer, a bundle, or the default — and the most
 * specific scope wins; 'default' with no stored row is the policy of SPEC §4.
 *
 * Rows are immutable, so definitions are cached forever by revision / id; what is *current* is
 * cached for CURRENT_TTL_MS and dropped at once when this process changes it.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { riyadhDate } from '../../lib/time.js';
import type { Database } from '../../store/schema.js';
import {
  type BusinessCalendar,
  DEFAULT_ADHA_SPAN,
  DEFAULT_FITR_SPAN,
  DEFAULT_RAMADAN_WEEKLY,
  DEFAULT_WEEKLY,
  defaultCalendar,
  type HijriSpan,
  type Holiday,
  type HolidayOverride,
  type WeeklySchedule,
} from './calendar.js';
import { CALENDAR_SPAN_YEARS, DEFAULT_SLA_POLICY, type SlaPolicy } from './deadlines.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface CalendarDefinition {
  weekly: WeeklySchedule;
  ramadan_weekly: WeeklySchedule;
  fitr_span: HijriSpan;
  adha_span: HijriSpan;
  /** Sighted (confirmed, possibly shifted) dates of provisional holidays. */
  overrides: HolidayOverride[];
  /** Company days off. */
  extra_holidays: Holiday[];
}

export const DEFAULT_CALENDAR_DEFINITION: CalendarDefinition = Object.freeze({
  weekly: DEFAULT_WEEKLY,
  ramadan_weekly: DEFAULT_RAMADAN_WEEKLY,
  fitr_span: DEFAULT_FITR_SPAN,
  adha_span: DEFAULT_ADHA_SPAN,
  overrides: [],
  extra_holidays: [],
}) as CalendarDefinition;

export const DEFAULT_POLICY_ID = 'default';
export const CURRENT_TTL_MS = 1000;

// Built calendars per definition object (definitions are cached per store, so no two stores share one).
const built = new WeakMap<CalendarDefinition, Map<number, BusinessCalendar>>();

/** The calendar of a definition around an instant (its Riyadh year ± 2), built once and cached. */
export function buildCalendar(def: CalendarDefinition, revision: number, at: Date): BusinessCalendar {
  const year = Number(riyadhDate(at).slice(0, 4));
  if (!Number.isInteger(year)) throw new RangeError(`no calendar for an invalid time (${String(at)})`);
  let byYear = built.get(def);
  if (!byYear) {
    byYear = new Map();
    built.set(def, byYear);
  }
  let cal = byYear.get(year);
  if (!cal) {
    const years = Array.from(
      { length: 2 * CALENDAR_SPAN_YEARS + 1 },
      (_, i) => year - CALENDAR_SPAN_YEARS + i,
    );
    cal = defaultCalendar(years, {
      weekly: def.weekly,
      ramadan_weekly: def.ramadan_weekly,
      fitrSpan: def.fitr_span,
      adhaSpan: def.adha_span,
      extraHolidays: def.extra_holidays,
      overrides: def.overrides,
      // Revision 0 keeps the built-in calendar's name ('sa-<years>'); stored ones say their revision.
      ...(revision === 0 ? {} : { versionBase: `sa-v${revision}-${years.join('.')}` }),
    });
    byYear.set(year, cal);
  }
  return cal;
}

export const policyScopeKey = (scope: 'default' | 'bundle' | 'customer', id?: string) =>
  scope === 'default' ? 'default' : `${scope}:${id}`;

export interface PolicyRef {
  id: string;
  policy: SlaPolicy;
}

/** Reads and caches the SLA configuration of one store. */
export function slaConfig(db: Kysely<Database>) {
  const definitions = new Map<number, CalendarDefinition>([[0, DEFAULT_CALENDAR_DEFINITION]]);
  const policies = new Map<string, SlaPolicy>([[DEFAULT_POLICY_ID, DEFAULT_SLA_POLICY]]);
  let current: { revision: number; until: number } | null = null;
  const currentPolicy = new Map<string, { id: string; until: number }>();

  const definition = async (revision: number, q: Db = db): Promise<CalendarDefinition> => {
    const hit = definitions.get(revision);
    if (hit) return hit;
    const row = await q
      .selectFrom('sla_calendars')
      .select('definition')
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (!row) throw new Error(`calendar revision ${revision} is not stored`);
    const def = JSON.parse(row.definition) as CalendarDefinition;
    definitions.set(revision, def);
    return def;
  };

  const policy = async (id: string, q: Db = db): Promise<SlaPolicy> => {
    const hit = policies.get(id);
    if (hit) return hit;
    const row = await q
      .selectFrom('sla_policies')
      .select('definition')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error(`SLA policy ${id} is not stored`);
    const p = JSON.parse(row.definition) as SlaPolicy;
    policies.set(id, p);
    return p;
  };

  return {
    definition,
    policy,

    /** The calendar revision in force (0 when none is stored). `fresh` skips the cache (in a change). */
    async currentRevision(q: Db = db, fresh = false): Promise<number> {
      const now = Date.now();
      if (!fresh && current && current.until > now) return current.revision;
      const row = await q
        .selectFrom('sla_calendars')
        .select(sql<number | null>`max(revision)`.as('rev'))
        .executeTakeFirst();
      const revision = Number(row?.rev ?? 0);
      current = { revision, until: now + CURRENT_TTL_MS };
      return revision;
    },

    /** The calendar of a revision around an instant. */
    async calendar(revision: number, at: Date, q: Db = db): Promise<BusinessCalendar> {
      return buildCalendar(await definition(revision, q), revision, at);
    },

    /** The policy in force for a customer: its own, else its bundle's, else the default. */
    async policyFor(customerId: string, q: Db = db, fresh = false): Promise<PolicyRef> {
      const now = Date.now();
      const hit = currentPolicy.get(customerId);
      if (!fresh && hit && hit.until > now) return { id: hit.id, policy: await policy(hit.id, q) };
      const bundle = q
        .selectFrom('customers')
        .select(sql<string>`'bundle:' || bundle_id`.as('k'))
        .where('id', '=', customerId);
      const row = await q
        .selectFrom('sla_policies')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('scope_key', '=', `customer:${customerId}`),
            eb('scope_key', '=', 'default'),
            eb('scope_key', 'in', bundle),
          ]),
        )
        .orderBy(
          sql`case when scope_key = ${`customer:${customerId}`} then 0 when scope_key = 'default' then 2 else 1 end`,
        )
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      const id = row?.id ?? DEFAULT_POLICY_ID;
      if (currentPolicy.size > 10_000) currentPolicy.clear();
      currentPolicy.set(customerId, { id, until: now + CURRENT_TTL_MS });
      return { id, policy: await policy(id, q) };
    },

    /** The default scope's policy in force (the built-in one when none is stored). */
    async defaultPolicy(q: Db = db): Promise<PolicyRef> {
      const row = await q
        .selectFrom('sla_policies')
        .select('id')
        .where('scope_key', '=', 'default')
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      const id = row?.id ?? DEFAULT_POLICY_ID;
      return { id, policy: await policy(id, q) };
    },

    /** Drops a cached definition (a change that rolled back may have read its own uncommitted row). */
    forget(revision: number): void {
      if (revision !== 0) definitions.delete(revision);
    },

    /** Forget what is current (after this process changed it). */
    invalidate(): void {
      current = null;
      currentPolicy.clear();
    },
  };
}
export type SlaConfig = ReturnType<typeof slaConfig>;

const configs = new WeakMap<Kysely<Database>, SlaConfig>();
/** One configuration cache per store, shared by every service that uses it. */
export function slaConfigOf(db: Kysely<Database>): SlaConfig {
  let c = configs.get(db);
  if (!c) {
    c = slaConfig(db);
    configs.set(db, c);
  }
  return c;
}
