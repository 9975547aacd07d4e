/** Stored customers with their onboarding, connectors and success plan. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses, Open, OutboundFlags } from '../../http/schemas.js';
import { actorName, authorize, authorizeFor } from '../access/domain.js';
import { CONNECTOR_KEYS, NOTES_MAX as CONNECTOR_NOTES_MAX, CONNECTOR_STATES } from '../connectors/domain.js';
import { NOTES_MAX, STEP_IDS, STEPS } from '../onboarding/domain.js';
import { BUNDLE_IDS } from '../success/domain.js';
import type { CustomersService } from './service.js';

const Contact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    role: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const Customer = Open({
  id: Type.String(),
  name: Type.String(),
  bundle_id: Type.String(),
  goal: Type.Union([Type.String(), Type.Null()]),
  contacts: Type.Array(Open({ name: Type.String() })),
  status: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  version: Type.Integer(),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Onboarding = Open({
  customer_id: Type.String(),
  steps: Type.Array(Open({ step_id: Type.String(), completed: Type.Boolean() })),
  progress_pct: Type.Number(),
  current_step_id: Type.String(),
  plan: Type.Array(Open({ day: Type.Integer() })),
  ...OutboundFlags,
});
const Connectors = Open({
  customer_id: Type.String(),
  total: Type.Integer(),
  connected_count: Type.Integer(),
  blocking_missing: Type.Array(Type.String()),
  ready_for_first_service: Type.Boolean(),
  connectors: Type.Array(
    Open({ key: Type.String(), state: Type.String(), history: Type.Array(Open({ to: Type.String() })) }),
  ),
});

export function customersRoutes(svc: CustomersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          summary: 'Create a customer with its onboarding checklist, connectors and success plan',
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 200 }),
            bundle_id: Type.String({ minLength: 1, maxLength: 64, description: BUNDLE_IDS.join(', ') }),
            goal: Type.Optional(Type.String({ maxLength: 500 })),
            contacts: Type.Optional(Type.Array(Contact, { maxItems: 50 })),
          }),
          response: { 201: Customer, ...errorResponses },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        authorize(p, 'customers.create');
        return reply.status(201).send(await svc.create(req.body, actorName(p)));
      },
    );

    app.get(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          summary: 'List customers (oldest first, paged by id)',
          querystring: Type.Object({
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
            after: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: {
            200: Type.Object({
              customers: Type.Array(Customer),
              next_after: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        authorize(p, 'customers.list');
        const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 50)));
        const customers =
          p.role === 'customer'
            ? [await svc.get(p.customer_id!)]
            : await svc.list({ limit, after: req.query.after });
        return {
          customers,
          next_after: customers.length === limit ? customers[customers.length - 1]!.id : null,
        };
      },
    );

    app.get(
      '/customers/:id',
      {
        schema: {
          tags: ['customers'],
          summary: 'One customer',
          params: IdParams,
          response: { 200: Customer, ...errorResponses },
        },
      },
      async (req) => {
        authorizeFor(principalOf(req), req.params.id, 'customers.read');
        return svc.get(req.params.id);
      },
    );

    app.patch(
      '/customers/:id',
      {
        schema: {
          tags: ['customers'],
          summary: 'Change a customer (send the version you read; a stale one gets 409)',
          params: IdParams,
          body: Type.Object({
            version: Type.Integer({ minimum: 1 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            goal: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            contacts: Type.Optional(Type.Array(Contact, { maxItems: 50 })),
            bundle_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          }),
          response: { 200: Customer, ...errorResponses },
        },
      },
      async (req) => {
        const p = principalOf(req);
        authorizeFor(p, req.params.id, 'customers.update');
        return svc.patch(req.params.id, req.body, actorName(p));
      },
    );

    app.get(
      '/customers/:id/onboarding',
      {
        schema: {
          tags: ['customers'],
          summary: 'Onboarding steps, progress and the dated 5-day plan',
          params: IdParams,
          response: { 200: Onboarding, ...errorResponses },
        },
      },
      async (req) => {
        authorizeFor(principalOf(req), req.params.id, 'onboarding.read');
        return svc.onboarding(req.params.id);
      },
    );

    app.post(
      '/customers/:id/onboarding/steps/:step_id',
      {
        schema: {
          tags: ['customers'],
          summary: 'Complete or re-open an onboarding step',
          params: Type.Object({
            id: Type.String({ minLength: 1, maxLength: 64 }),
            step_id: Type.String({ maxLength: 64, description: STEP_IDS.join(', ') }),
          }),
          body: Type.Object({
            completed: Type.Boolean(),
            notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
          }),
          response: { 200: Onboarding, ...errorResponses },
        },
      },
      async (req) => {
        const p = principalOf(req);
        authorizeFor(p, req.params.id, 'onboarding.complete_step');
        // Steps that need approval are completed only by staff, who are recorded as approving.
        if (STEPS.find((s) => s.step_id === req.params.step_id)?.requires_approval)
          authorize(p, 'onboarding.approve_step');
        return svc.setStep(req.params.id, req.params.step_id, req.body, actorName(p));
      },
    );

    app.get(
      '/customers/:id/connectors',
      {
        schema: {
          tags: ['customers'],
          summary: 'Connector readiness from stored states, with history',
          params: IdParams,
          response: { 200: Connectors, ...errorResponses },
        },
      },
      async (req) => {
        authorizeFor(principalOf(req), req.params.id, 'connectors.read');
        return svc.connectors(req.params.id);
      },
    );

    app.put(
      '/customers/:id/connectors/:key',
      {
        schema: {
          tags: ['customers'],
          summary: 'Move a connector to a new state (legal transitions only)',
          params: Type.Object({
            id: Type.String({ minLength: 1, maxLength: 64 }),
            key: Type.String({ maxLength: 64, description: CONNECTOR_KEYS.join(', ') }),
          }),
          body: Type.Object({
            state: Type.String({ minLength: 1, maxLength: 64, description: CONNECTOR_STATES.join(', ') }),
            notes: Type.Optional(Type.String({ maxLength: CONNECTOR_NOTES_MAX })),
          }),
          response: { 200: Connectors, ...errorResponses },
        },
      },
      async (req) => {
        const p = principalOf(req);
        authorizeFor(p, req.params.id, 'connectors.update');
        return svc.setConnector(req.params.id, req.params.key, req.body, actorName(p));
      },
    );

    app.post(
      '/customers/:id/success-plan/tasks/:task_id/draft',
      {
        schema: {
          tags: ['customers'],
          summary:
            'Draft the check-in message of a success-plan task for the customer’s contact (sent only after approval)',
          params: Type.Object({
            id: Type.String({ minLength: 1, maxLength: 64 }),
            task_id: Type.String({ minLength: 1, maxLength: 64 }),
          }),
          body: Type.Object({ recipient: Type.Optional(Type.String({ format: 'email', maxLength: 320 })) }),
          response: {
            201: Type.Object({
              draft_id: Type.String(),
              status: Type.String(),
              recipient: Type.String(),
              kind: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        authorizeFor(p, req.params.id, 'drafts.create');
        return reply
          .status(201)
          .send(await svc.checkInDraft(req.params.id, req.params.task_id, req.body, actorName(p)));
      },
    );

    app.get(
      '/customers/:id/success-plan',
      {
        schema: {
          tags: ['customers'],
          summary: 'The success plan with dated tasks',
          params: IdParams,
          response: {
            200: Open({
              customer_id: Type.String(),
              tasks: Type.Array(Open({ day: Type.Integer(), due_date: Type.String() })),
              ...OutboundFlags,
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        authorizeFor(principalOf(req), req.params.id, 'success.read');
        return svc.successPlan(req.params.id);
      },
    );
  };
}
