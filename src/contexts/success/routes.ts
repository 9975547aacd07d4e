/** Seed-compatible customer-success endpoints (stateless). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Id, Open, OutboundFlags } from '../../http/schemas.js';
import type { Clock } from '../../lib/clock.js';
import { assertBundle, atRisk, successPlan, weeklyCheckIn } from './domain.js';

const Count = Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 }));
const Days = Type.Number({ minimum: 0, maximum: 100_000 });

export function successCompatRoutes(deps: { clock: Clock }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/cs/weekly-check-in',
      {
        schema: {
          tags: ['success'],
          summary: 'Weekly check-in agenda (25 min) and talking points',
          body: Type.Object({
            customer_id: Id('Customer id'),
            company_name: Type.String({ minLength: 1, maxLength: 200 }),
            metrics: Type.Optional(
              Type.Object({
                drafts_approved: Count,
                replies: Count,
                meetings: Count,
                risks_blocked: Count,
                pipeline_sar: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
              }),
            ),
          }),
          response: {
            200: Open({
              customer_id: Type.String(),
              duration_minutes: Type.Integer(),
              agenda_ar: Type.Array(Open({ title_ar: Type.String(), minutes: Type.Integer() })),
              talking_points_ar: Type.Array(Type.String()),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => weeklyCheckIn({ ...req.body, metrics: req.body.metrics ?? {} }),
    );

    app.post(
      '/cs/at-risk-alert',
      {
        schema: {
          tags: ['success'],
          summary: 'At-risk score (0–100), severity, reasons and recommended action',
          body: Type.Object({
            customer_id: Id('Customer id'),
            days_inactive: Days,
            drafts_pending: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
            last_proof_pack_days_ago: Days,
          }),
          response: {
            200: Open({
              customer_id: Type.String(),
              risk_score: Type.Integer(),
              severity: Type.String(),
              reasons_ar: Type.Array(Type.String()),
              recommended_action_ar: Type.String(),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => atRisk(req.body),
    );

    app.post(
      '/cs/success-plan',
      {
        schema: {
          tags: ['success'],
          summary: '30-day success plan for a bundle (unknown bundles follow Growth Starter)',
          body: Type.Object({
            customer_id: Id('Customer id'),
            bundle_id: Type.String({ minLength: 1, maxLength: 64 }),
          }),
          response: {
            200: Open({
              customer_id: Type.String(),
              bundle_id: Type.String(),
              plan_bundle: Type.String(),
              cadence_ar: Type.Array(Open({ day: Type.Integer(), items_ar: Type.Array(Type.String()) })),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        assertBundle(req.body.bundle_id);
        return successPlan(req.body, deps.clock.now());
      },
    );
  };
}
