/** Seed-compatible SLA endpoints (stateless, plain elapsed numbers). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Id, Open } from '../../http/schemas.js';
import type { Clock } from '../../lib/clock.js';
import { PRIORITIES } from '../support/priorities.js';
import { checkBreach, DEMO_TICKETS, healthReport, recordEvent, SLA_EVENTS } from './domain.js';

const PriorityEnum = Type.Union(
  PRIORITIES.map((p) => Type.Literal(p)),
  { description: PRIORITIES.join(', ') },
);
const Elapsed = (description: string) =>
  Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1e7, description }), Type.Null()]));

const Breach = Open({
  kind: Type.String(),
  actual: Type.Number(),
  target: Type.Number(),
  unit: Type.String(),
});
const Report = Open({
  total_tickets: Type.Integer(),
  total_breached: Type.Integer(),
  breach_rate: Type.Number(),
  verdict: Type.String(),
  by_priority: Type.Record(Type.String(), Open({ count: Type.Integer(), breached: Type.Integer() })),
  breaches: Type.Array(Open({ priority: Type.String(), breaches: Type.Array(Breach) })),
  escalate_to_founder: Type.Boolean(),
  freeze_live_actions: Type.Boolean(),
});

export const MAX_REPORT_TICKETS = 50_000;

export function slaCompatRoutes(deps: { clock: Clock }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sla/event',
      {
        schema: {
          tags: ['sla'],
          summary: 'Validate and timestamp an SLA event',
          body: Type.Object({
            ticket_id: Id('Ticket id'),
            priority: PriorityEnum,
            event: Type.String({ minLength: 1, maxLength: 64, description: SLA_EVENTS.join(', ') }),
          }),
          response: {
            200: Type.Object({
              ticket_id: Type.String(),
              priority: Type.String(),
              event: Type.String(),
              ts: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => recordEvent(req.body, deps.clock.now()),
    );

    app.post(
      '/sla/classify-breach',
      {
        schema: {
          tags: ['sla'],
          summary: 'Does a ticket breach its first-response or resolution target?',
          body: Type.Object({
            priority: PriorityEnum,
            minutes_to_first_response: Elapsed('Minutes from opened to first response'),
            hours_to_resolve: Elapsed('Hours from opened to resolved'),
          }),
          response: {
            200: Type.Object({
              priority: Type.String(),
              breached: Type.Boolean(),
              breaches: Type.Array(Breach),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) =>
        checkBreach(req.body.priority, req.body.minutes_to_first_response, req.body.hours_to_resolve),
    );

    app.post(
      '/sla/health-report',
      {
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          tags: ['sla'],
          summary: 'Health report over a set of tickets',
          body: Type.Object({
            tickets: Type.Array(
              Type.Object({
                ticket_id: Type.Optional(Type.String({ maxLength: 200 })),
                priority: PriorityEnum,
                first_response_min: Elapsed('Minutes to first response'),
                resolution_hours: Elapsed('Hours to resolution'),
              }),
              { maxItems: MAX_REPORT_TICKETS },
            ),
          }),
          response: { 200: Report, ...errorResponses },
        },
      },
      async (req) => healthReport(req.body.tickets),
    );

    app.get(
      '/sla/health-report/demo',
      { schema: { tags: ['sla'], summary: 'A demo health report', response: { 200: Report } } },
      async () => healthReport(DEMO_TICKETS),
    );
  };
}
