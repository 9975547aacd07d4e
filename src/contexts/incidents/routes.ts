/** Seed-compatible incident endpoints (stateless). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Open, OutboundFlags } from '../../http/schemas.js';
import { notFound } from '../../lib/errors.js';
import { DESCRIPTION_MAX, responsePlan, SEVERITIES, type Severity, TITLE_MAX, triage } from './domain.js';

export function incidentsCompatRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/incidents/triage',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Triage an incident to SEV1–SEV3 with its response plan',
          body: Type.Object({
            title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
            description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
            affected_customers: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
            has_data_leak: Type.Optional(Type.Boolean()),
            has_unauthorized_send: Type.Optional(Type.Boolean()),
          }),
          response: {
            200: Open({
              severity: Type.String(),
              reason_ar: Type.String(),
              first_action_minutes: Type.Integer(),
              update_cadence_minutes: Type.Integer(),
              plan_ar: Type.Array(Type.String()),
              notify_founder: Type.Boolean(),
              freeze_live_actions: Type.Boolean(),
              pdpl_applies: Type.Boolean(),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) =>
        triage({
          ...req.body,
          has_data_leak: req.body.has_data_leak ?? false,
          has_unauthorized_send: req.body.has_unauthorized_send ?? false,
        }),
    );

    app.get(
      '/incidents/response-plan/:severity',
      {
        schema: {
          tags: ['incidents'],
          summary: 'The response plan for a severity',
          params: Type.Object({
            severity: Type.String({ maxLength: 8, description: SEVERITIES.join(', ') }),
          }),
          response: {
            200: Type.Object({ severity: Type.String(), plan_ar: Type.Array(Type.String()) }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const s = req.params.severity.toUpperCase();
        if (!(SEVERITIES as readonly string[]).includes(s)) {
          throw notFound(
            'unknown_severity',
            `Unknown severity "${req.params.severity}". Known: ${SEVERITIES.join(', ')}`,
            'severity',
          );
        }
        return { severity: s, plan_ar: responsePlan(s as Severity) };
      },
    );
  };
}
