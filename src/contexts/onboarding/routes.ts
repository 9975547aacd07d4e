/** Seed-compatible onboarding endpoints (stateless). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Id, Open, OutboundFlags } from '../../http/schemas.js';
import type { Clock } from '../../lib/clock.js';
import { assertBundle } from '../success/domain.js';
import { NOTES_MAX, newChecklist, reviveChecklist, STEP_IDS, updateStep } from './domain.js';

const Step = Open({
  step_id: Type.String({ maxLength: 64 }),
  completed: Type.Boolean(),
  completed_at: Type.Union([Type.String(), Type.Null()]),
  notes: Type.String(),
});

export const ChecklistSchema = Open({
  customer_id: Type.String(),
  company_name: Type.String(),
  bundle_id: Type.String(),
  steps: Type.Array(Step),
  total_steps: Type.Integer(),
  completed_steps: Type.Integer(),
  progress_pct: Type.Number(),
  current_step_id: Type.String(),
  estimated_total_minutes: Type.Integer(),
  ...OutboundFlags,
});

const ChecklistInput = Type.Object(
  {
    customer_id: Id('Customer id'),
    company_name: Type.String({ minLength: 1, maxLength: 200 }),
    bundle_id: Type.String({ minLength: 1, maxLength: 64 }),
    created_at: Type.Optional(Type.String({ maxLength: 40 })),
    steps: Type.Array(
      Type.Object(
        {
          step_id: Type.String({ maxLength: 64 }),
          completed: Type.Optional(Type.Boolean()),
          completed_at: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
        },
        { additionalProperties: true },
      ),
      { maxItems: 8 },
    ),
  },
  { additionalProperties: true },
);

export function onboardingCompatRoutes(deps: { clock: Clock }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/onboarding/checklist',
      {
        schema: {
          tags: ['onboarding'],
          summary: 'Start a new 8-step onboarding checklist',
          body: Type.Object({
            customer_id: Id('Customer id'),
            company_name: Type.String({ minLength: 1, maxLength: 200 }),
            bundle_id: Type.String({ minLength: 1, maxLength: 64 }),
          }),
          response: { 200: ChecklistSchema, ...errorResponses },
        },
      },
      async (req) => {
        assertBundle(req.body.bundle_id);
        return newChecklist(req.body, deps.clock.now());
      },
    );

    app.post(
      '/onboarding/update-step',
      {
        schema: {
          tags: ['onboarding'],
          summary: 'Complete or re-open one step of a checklist',
          body: Type.Object({
            checklist: ChecklistInput,
            step_id: Type.String({
              minLength: 1,
              maxLength: 64,
              description: `One of ${STEP_IDS.join(', ')}`,
            }),
            completed: Type.Boolean(),
            notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
          }),
          response: { 200: ChecklistSchema, ...errorResponses },
        },
      },
      async (req) => {
        const now = deps.clock.now();
        const checklist = reviveChecklist(req.body.checklist, now);
        return updateStep(
          checklist,
          { step_id: req.body.step_id, completed: req.body.completed, notes: req.body.notes },
          now,
        );
      },
    );

    app.get(
      '/onboarding/checklist/demo',
      {
        schema: {
          tags: ['onboarding'],
          summary: 'A demo checklist with the first three steps done',
          response: { 200: ChecklistSchema },
        },
      },
      async () => {
        const now = deps.clock.now();
        let c = newChecklist(
          { customer_id: 'demo', company_name: 'شركة تجريبية', bundle_id: 'growth_starter' },
          now,
        );
        for (const step_id of ['select_goal', 'select_bundle', 'company_intake'])
          c = updateStep(c, { step_id, completed: true }, now);
        return c;
      },
    );
  };
}
