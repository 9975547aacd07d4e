/** Managing the business calendar and the SLA policies (read: staff; change: the founder). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { riyadhDate } from '../../lib/time.js';
import type { Deps } from '../../store/unit.js';
import { slaAdmin } from './admin.js';

const tags = ['sla'];
const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'HH:mm, Riyadh',
});
const Week = Type.Array(Type.Array(Type.Object({ start: HHMM, end: HHMM }), { maxItems: 8 }), {
  minItems: 7,
  maxItems: 7,
  description: 'Working intervals per day, Sunday first (an empty list = day off)',
});
const DateT = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Riyadh)' });
const Note = Type.String({ minLength: 1, maxLength: 2000 });
const Expected = Type.Integer({
  minimum: 0,
  description: 'The calendar revision you read; a change made meanwhile gets 409',
});
const Year = Type.Integer({ minimum: 1950, maximum: 2150 });
const Change = Type.Object({
  revision: Type.Integer(),
  open_tickets: Type.Integer({ description: 'Open tickets moved onto the new revision' }),
  deadlines_moved: Type.Integer({ description: 'Of those, how many got different due times' }),
});
const HolidayT = Type.Object({
  key: Type.String(),
  year: Type.Integer(),
  hijri_year: Type.Union([Type.Integer(), Type.Null()]),
  name_ar: Type.String(),
  name_en: Type.String(),
  status: Type.Enum(['provisional', 'confirmed']),
  date_from: Type.String(),
  date_to: Type.String(),
  from_hijri: Type.String(),
  to_hijri: Type.String(),
});
const Interval = Type.Object({ start: Type.String(), end: Type.String() });
const PolicyRow = Type.Object({
  first_response_minutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
  resolution_hours: Type.Number({ exclusiveMinimum: 0, maximum: 8760 }),
  clock: Type.Enum(['calendar', 'business']),
});
const Policy = Type.Object({ P0: PolicyRow, P1: PolicyRow, P2: PolicyRow, P3: PolicyRow });
const PolicyOut = Type.Object({
  id: Type.String(),
  scope_key: Type.String(),
  revision: Type.Integer(),
  policy: Policy,
  note: Type.String(),
  created_at: Type.String(),
  created_by: Type.Optional(Type.String()),
});

export function slaAdminRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const admin = slaAdmin(deps);
  return async (app) => {
    app.get(
      '/sla/calendar',
      {
        schema: {
          tags,
          summary:
            'The business calendar in force for a year: hours, Ramadan, holidays (provisional or confirmed)',
          querystring: Type.Object({ year: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })) }),
          response: {
            200: Type.Object({
              revision: Type.Integer(),
              version: Type.String(),
              time_zone: Type.String(),
              year: Type.Integer(),
              weekly: Type.Array(Type.Array(Interval)),
              ramadan_weekly: Type.Array(Type.Array(Interval)),
              ramadan: Type.Array(
                Type.Object({ hijri_year: Type.Integer(), date_from: Type.String(), date_to: Type.String() }),
              ),
              holidays: Type.Array(HolidayT),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const year = req.query.year
          ? Number(req.query.year)
          : Number(riyadhDate(deps.clock.now()).slice(0, 4));
        return admin.calendar(principalOf(req), Math.min(2150, Math.max(1950, year)));
      },
    );

    app.get(
      '/sla/calendar/revisions',
      {
        schema: {
          tags,
          summary: 'Calendar revisions, newest first (revision 0 is the built-in calendar)',
          response: {
            200: Type.Object({
              revisions: Type.Array(
                Type.Object({
                  revision: Type.Integer(),
                  note: Type.String(),
                  created_at: Type.String(),
                  created_by: Type.String(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => admin.revisions(principalOf(req)),
    );

    app.post(
      '/sla/calendar/holidays/confirm',
      {
        schema: {
          tags,
          summary:
            'Confirm a provisional holiday after the moon sighting, shifting its dates if needed; open tickets are recomputed',
          body: Type.Object({
            key: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. eid_al_fitr' }),
            year: Year,
            date_from: Type.Optional(DateT),
            date_to: Type.Optional(DateT),
            note: Type.Optional(Note),
            expected_revision: Type.Optional(Expected),
          }),
          response: { 200: Type.Object({ ...Change.properties, holiday: HolidayT }), ...errorResponses },
        },
      },
      async (req) => admin.confirmHoliday(principalOf(req), req.body),
    );

    app.post(
      '/sla/calendar/holidays',
      {
        schema: {
          tags,
          summary: 'Add a company day off; open tickets are recomputed',
          body: Type.Object({
            key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' }),
            name_ar: Type.String({ minLength: 1, maxLength: 200 }),
            name_en: Type.String({ minLength: 1, maxLength: 200 }),
            date_from: DateT,
            date_to: DateT,
            note: Type.Optional(Note),
            expected_revision: Type.Optional(Expected),
          }),
          response: { 201: Type.Object({ ...Change.properties, holiday: HolidayT }), ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await admin.addHoliday(principalOf(req), req.body)),
    );

    app.put(
      '/sla/calendar/hours',
      {
        schema: {
          tags,
          summary: 'Set the weekly and/or Ramadan working hours; open tickets are recomputed',
          body: Type.Object({
            weekly: Type.Optional(Week),
            ramadan_weekly: Type.Optional(Week),
            note: Type.Optional(Note),
            expected_revision: Type.Optional(Expected),
          }),
          response: { 200: Change, ...errorResponses },
        },
      },
      async (req) => admin.setHours(principalOf(req), req.body),
    );

    app.get(
      '/sla/policies',
      {
        schema: {
          tags,
          summary: 'SLA policies in force per scope (customer, bundle, default) and the default fallback',
          response: {
            200: Type.Object({
              default_policy: Type.Object({ id: Type.String(), policy: Policy }),
              policies: Type.Array(PolicyOut),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => admin.policies(principalOf(req)),
    );

    app.post(
      '/sla/policies',
      {
        schema: {
          tags,
          summary:
            'A new policy revision for a customer, a bundle or the default; applies to tickets opened after it',
          body: Type.Object({
            scope: Type.Enum(['default', 'bundle', 'customer']),
            scope_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            policy: Policy,
            note: Type.Optional(Note),
          }),
          response: { 201: PolicyOut, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await admin.setPolicy(principalOf(req), req.body)),
    );
  };
}
