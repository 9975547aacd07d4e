/** Seed-compatible support endpoints (stateless). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Id, Open, OutboundFlags } from '../../http/schemas.js';
import { notFound } from '../../lib/errors.js';
import { classify, MAX_TICKET_TEXT } from './classifier.js';
import { isPriority, PRIORITIES } from './priorities.js';
import { firstResponse, prioritiesTable, route } from './routing.js';

const Classification = Open({
  priority: Type.String(),
  matched_keyword: Type.String(),
  reason_ar: Type.String(),
  reason_en: Type.String(),
  rule: Type.String(),
  matched: Type.Array(
    Open({ concept: Type.String(), text: Type.String(), start: Type.Integer(), end: Type.Integer() }),
  ),
  demoted_from: Type.Union([Type.String(), Type.Null()]),
});
const FirstResponse = Type.Object({ priority: Type.String(), body_ar: Type.String(), ...OutboundFlags });
const Text = Type.String({ maxLength: MAX_TICKET_TEXT, description: 'Ticket text, Arabic and/or English' });

export function supportCompatRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/support/priorities',
      {
        schema: {
          tags: ['support'],
          summary: 'P0–P3 with SLA targets and owners',
          response: { 200: Type.Object({ priorities: Type.Array(Open({ priority: Type.String() })) }) },
        },
      },
      async () => ({ priorities: prioritiesTable() }),
    );

    app.post(
      '/support/classify',
      {
        schema: {
          tags: ['support'],
          summary: 'Classify a ticket (deterministic, explained)',
          body: Type.Object({ text: Text }),
          response: { 200: Classification, ...errorResponses },
        },
      },
      async (req) => classify(req.body.text),
    );

    app.post(
      '/support/route',
      {
        schema: {
          tags: ['support'],
          summary: 'Classify, attach the SLA row and owner, and draft a first response (never sent)',
          body: Type.Object({
            text: Text,
            customer_id: Type.Optional(Id('Customer id')),
            contact_email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
            contact_name: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: {
            200: Open({
              priority: Type.String(),
              classification: Classification,
              sla: Open({
                first_response_minutes: Type.Integer(),
                resolution_hours: Type.Integer(),
                owner: Type.String(),
              }),
              owner: Type.String(),
              first_response_template: FirstResponse,
              customer_id: Type.Union([Type.String(), Type.Null()]),
              contact_email: Type.Union([Type.String(), Type.Null()]),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => ({
        ...route(req.body.text, req.body.contact_name),
        customer_id: req.body.customer_id ?? null,
        contact_email: req.body.contact_email ?? null,
      }),
    );

    app.get(
      '/support/first-response/:priority',
      {
        schema: {
          tags: ['support'],
          summary: 'The Arabic first-response draft for a priority',
          params: Type.Object({
            priority: Type.String({ maxLength: 8, description: PRIORITIES.join(', ') }),
          }),
          response: { 200: FirstResponse, ...errorResponses },
        },
      },
      async (req) => {
        const p = req.params.priority.toUpperCase();
        if (!isPriority(p))
          throw notFound(
            'unknown_priority',
            `Unknown priority "${req.params.priority}". Known: ${PRIORITIES.join(', ')}`,
            'priority',
          );
        return firstResponse(p);
      },
    );
  };
}
