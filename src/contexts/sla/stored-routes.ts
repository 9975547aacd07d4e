/** SLA endpoints over the business calendar (deadlines for any start time; a ticket's clock). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { invalid } from '../../lib/errors.js';
import { riyadhDate } from '../../lib/time.js';
import type { Deps } from '../../store/unit.js';
import { authorizeFor } from '../access/domain.js';
import { customersService } from '../customers/service.js';
import { PRIORITIES, type Priority } from '../support/priorities.js';
import { ticketsService } from '../tickets/service.js';
import { formatDual } from './calendar.js';
import type { ClockTarget, ExplainedInterval } from './clock.js';
import { slaConfigOf } from './config.js';
import { dueTimes } from './deadlines.js';

const tags = ['sla'];
const Time = Type.String({ format: 'date-time' });
const ClockT = Type.Enum(['calendar', 'business']);
const Dual = Type.Object({
  gregorian: Type.String({ description: 'Riyadh wall time, YYYY-MM-DD HH:mm' }),
  hijri: Type.String({ description: 'Umm al-Qura date in Arabic' }),
});

/** Opening times the calendar can place: Umm al-Qura tables and the holiday lists cover these. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

export const DeadlinesBody = Type.Object({
  priority: Type.Enum(PRIORITIES),
  opened_at: Type.String({
    format: 'date-time',
    maxLength: 64,
    description: 'ISO 8601 with an offset, e.g. 2027-09-22T16:00:00+03:00',
  }),
  customer_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Use this customer’s SLA policy (default: the default policy)',
    }),
  ),
});
export type DeadlinesInput = Static<typeof DeadlinesBody>;

export const Deadlines = Type.Object({
  priority: Type.Enum(PRIORITIES),
  opened_at: Time,
  first_response_due_at: Time,
  resolution_due_at: Time,
  clock: ClockT,
  calendar_version: Type.String(),
  calendar_revision: Type.Integer(),
  policy_id: Type.String(),
  dates: Type.Object({ opened: Dual, first_response_due: Dual, resolution_due: Dual }),
});

const Interval = Type.Object({
  from: Time,
  to: Time,
  kind: Type.Enum(['counted', 'closed', 'weekend', 'holiday', 'paused', 'stopped']),
  reason_ar: Type.String(),
  holiday_key: Type.Optional(Type.String()),
  minutes: Type.Number({ description: 'Length of the stretch in minutes' }),
});

const Target = Type.Object({
  kind: Type.Enum(['first_response', 'resolution']),
  due_at: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    format: 'date-time',
    description: 'Null while paused before the target: the due time moves with the pause',
  }),
  due: Type.Unsafe<{ gregorian: string; hijri: string } | null>({ ...Dual, type: ['object', 'null'] }),
  met_at: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
  state: Type.Enum(['running', 'met', 'breached', 'paused']),
  target_minutes: Type.Number(),
  counted_minutes: Type.Number({ description: 'Counted so far: up to when it was met, or up to now' }),
  minutes_left: Type.Number(),
  intervals: Type.Array(Interval, {
    description: 'From opening to the due time, or to now / the meeting time when that is later',
  }),
});

export const TicketClockBody = Type.Object({
  ticket_id: Type.String(),
  priority: Type.Enum(PRIORITIES),
  status: Type.String(),
  opened_at: Time,
  now: Time,
  clock: ClockT,
  calendar_version: Type.String(),
  first_response: Target,
  resolution: Target,
});

const TicketIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function parseOpenedAt(s: string): Date {
  const t = Date.parse(s);
  const year = Number.isNaN(t) ? Number.NaN : Number(riyadhDate(new Date(t)).slice(0, 4));
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw invalid(
      'invalid_time',
      `opened_at must be an ISO 8601 time between ${MIN_YEAR} and ${MAX_YEAR}`,
      'opened_at',
    );
  }
  return new Date(t);
}

const intervalView = (iv: ExplainedInterval) => ({
  from: iv.from.toISOString(),
  to: iv.to.toISOString(),
  kind: iv.kind,
  reason_ar: iv.reason_ar,
  ...(iv.holiday_key === undefined ? {} : { holiday_key: iv.holiday_key }),
  minutes: (iv.to.getTime() - iv.from.getTime()) / 60_000,
});

const targetView = (t: ClockTarget) => ({
  kind: t.kind,
  due_at: t.state === 'paused' ? null : t.due_at.toISOString(),
  due: t.state === 'paused' ? null : formatDual(t.due_at),
  met_at: t.met_at === null ? null : t.met_at.toISOString(),
  state: t.state,
  target_minutes: t.target_minutes,
  counted_minutes: t.counted_minutes,
  minutes_left: t.minutes_left,
  intervals: t.intervals.map(intervalView),
});

export function slaRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const tickets = ticketsService(deps);
  const customers = customersService(deps);
  const cfg = slaConfigOf(deps.store.db);
  return async (app) => {
    app.post(
      '/sla/deadlines',
      {
        schema: {
          tags,
          summary:
            'Due times for a priority opened at any time: wall clock for P0/P1, the Saudi business calendar for P2/P3',
          body: DeadlinesBody,
          response: { 200: Deadlines, ...errorResponses },
        },
      },
      async (req) => {
        const p = principalOf(req); // any authenticated role
        const openedAt = parseOpenedAt(req.body.opened_at);
        const customerId = req.body.customer_id ?? (p.role === 'customer' ? p.customer_id : null);
        if (customerId) {
          authorizeFor(p, customerId, 'customers.read');
          await customers.get(customerId); // 404 for an unknown customer
        }
        const revision = await cfg.currentRevision();
        const calendar = await cfg.calendar(revision, openedAt);
        const policy = customerId ? await cfg.policyFor(customerId) : await cfg.defaultPolicy();
        const d = dueTimes(req.body.priority, openedAt, calendar, policy.policy);
        return {
          priority: req.body.priority,
          opened_at: openedAt.toISOString(),
          first_response_due_at: d.first_response_due_at.toISOString(),
          resolution_due_at: d.resolution_due_at.toISOString(),
          clock: d.clock,
          calendar_version: d.calendar_version,
          calendar_revision: revision,
          policy_id: policy.id,
          dates: {
            opened: formatDual(openedAt),
            first_response_due: formatDual(d.first_response_due_at),
            resolution_due: formatDual(d.resolution_due_at),
          },
        };
      },
    );

    app.get(
      '/tickets/:id/clock',
      {
        schema: {
          tags: [...tags, 'tickets'],
          summary:
            'A ticket’s SLA clocks explained: what counted, what did not (closed, weekend, holiday) and why',
          params: TicketIdParams,
          response: { 200: TicketClockBody, ...errorResponses },
        },
      },
      async (req) => {
        const { ticket, clock } = await tickets.clock(req.params.id, principalOf(req));
        const [first, resolution] = clock.targets as [ClockTarget, ClockTarget];
        return {
          ticket_id: ticket.id,
          priority: ticket.priority as Priority,
          status: ticket.status,
          opened_at: ticket.opened_at,
          now: clock.now.toISOString(),
          clock: clock.clock,
          calendar_version: clock.calendar_version,
          first_response: targetView(first),
          resolution: targetView(resolution),
        };
      },
    );
  };
}
