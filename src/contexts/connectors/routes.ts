/** Seed-compatible connector endpoints (stateless). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Id, Open, OutboundFlags } from '../../http/schemas.js';
import type { Clock } from '../../lib/clock.js';
import {
  applyUpdate,
  CATALOG,
  CONNECTOR_KEYS,
  CONNECTOR_STATES,
  NOTES_MAX,
  reviveStatuses,
  summarize,
} from './domain.js';

const StatusValue = Type.Union([
  Type.String({ maxLength: 64 }),
  Type.Object(
    {
      state: Type.String({ maxLength: 64 }),
      notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
      updated_at: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    },
    { additionalProperties: true },
  ),
]);
const Statuses = Type.Record(Type.String({ maxLength: 64 }), StatusValue, {
  description: 'connector_key → state or {state, notes}',
});

const Summary = Open({
  customer_id: Type.String(),
  total: Type.Integer(),
  connected_count: Type.Integer(),
  connected_pct: Type.Number(),
  by_state: Type.Record(Type.String(), Type.Integer()),
  blocking_missing: Type.Array(Type.String()),
  ready_for_first_service: Type.Boolean(),
  connectors: Type.Array(Open({ key: Type.String(), state: Type.String() })),
  ...OutboundFlags,
});

export function connectorsCompatRoutes(deps: { clock: Clock }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/connectors/catalog',
      {
        schema: {
          tags: ['connectors'],
          summary: 'The eleven connectors with default mode, phase and blocking flag',
          response: {
            200: Type.Object({
              total: Type.Integer(),
              states: Type.Array(Type.String()),
              connectors: Type.Array(Open({ key: Type.String() })),
            }),
          },
        },
      },
      async () => ({ total: CATALOG.length, states: [...CONNECTOR_STATES], connectors: [...CATALOG] }),
    );

    app.post(
      '/connectors/summary',
      {
        schema: {
          tags: ['connectors'],
          summary: 'Readiness summary from connector states',
          body: Type.Object({ customer_id: Id('Customer id'), statuses: Type.Optional(Statuses) }),
          response: { 200: Summary, ...errorResponses },
        },
      },
      async (req) => summarize(req.body.customer_id, reviveStatuses(req.body.statuses ?? {})),
    );

    app.post(
      '/connectors/update',
      {
        schema: {
          tags: ['connectors'],
          summary: 'Move one connector to a new state (legal transitions only)',
          body: Type.Object({
            statuses: Type.Optional(Statuses),
            connector_key: Type.String({
              minLength: 1,
              maxLength: 64,
              description: `One of ${CONNECTOR_KEYS.join(', ')}`,
            }),
            state: Type.String({
              minLength: 1,
              maxLength: 64,
              description: `One of ${CONNECTOR_STATES.join(', ')}`,
            }),
            notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
          }),
          response: {
            200: Type.Object({
              statuses: Type.Record(Type.String(), Open({ state: Type.String(), notes: Type.String() })),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => ({
        statuses: applyUpdate(reviveStatuses(req.body.statuses ?? {}), req.body, deps.clock.now()),
      }),
    );

    app.get(
      '/connectors/demo',
      { schema: { tags: ['connectors'], summary: 'A demo readiness summary', response: { 200: Summary } } },
      async () =>
        summarize(
          'demo',
          reviveStatuses({
            gmail: 'connected_draft_only',
            google_calendar: 'connected_draft_only',
            google_sheets: 'configuring',
            moyasar: 'not_started',
          }),
        ),
    );
  };
}
