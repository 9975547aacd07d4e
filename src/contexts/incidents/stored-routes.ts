/** Stored incidents with their response-plan checklist. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses, Open } from '../../http/schemas.js';
import type { Deps } from '../../store/unit.js';
import { type Action, actorName, authorize } from '../access/domain.js';
import { DESCRIPTION_MAX, SEVERITIES, TITLE_MAX } from './domain.js';
import {
  AFFECTED_MAX,
  CHANNELS,
  CUSTOMER_IDS_MAX,
  INCIDENT_STATUSES,
  incidentsService,
  NOTE_MAX,
  UPDATE_TEXT_MAX,
} from './stored-service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const OneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Incident = Open({
  id: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  severity: Type.String(),
  reason_ar: Type.String(),
  affected_customers: Type.Integer(),
  customer_ids: Type.Array(Type.String()),
  has_data_leak: Type.Boolean(),
  has_unauthorized_send: Type.Boolean(),
  channel: Nullable(Type.String()),
  status: Type.String(),
  opened_at: Type.String(),
  became_aware_at: Nullable(Type.String()),
  first_action_due_at: Type.String(),
  next_update_due_at: Nullable(Type.String()),
  postmortem_due_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  version: Type.Integer(),
});

const Detail = Type.Object({
  incident: Incident,
  triage: Open({
    severity: Type.String(),
    reason_ar: Type.String(),
    first_action_minutes: Type.Integer(),
    update_cadence_minutes: Type.Integer(),
    notify_founder: Type.Boolean(),
    postmortem_required: Type.Boolean(),
    postmortem_within_hours: Nullable(Type.Integer()),
  }),
  steps: Type.Array(
    Type.Object({
      n: Type.Integer(),
      title_ar: Type.String(),
      done: Type.Boolean(),
      done_at: Nullable(Type.String()),
      done_by: Nullable(Type.String()),
      note: Type.String(),
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      actor: Type.String(),
      kind: Type.String(),
      text: Type.String(),
    }),
  ),
  first_action_due_at: Type.String(),
  next_update_due_at: Nullable(Type.String()),
  update_overdue: Type.Boolean(),
  postmortem_due_at: Nullable(Type.String()),
  pdpl: Nullable(
    Open({
      became_aware_at: Type.String(),
      customer_notice_due_at: Type.String(),
      customer_notice_minutes_left: Type.Integer(),
      sdaia_notice_due_at: Type.String(),
      sdaia_notice_minutes_left: Type.Integer(),
      data_subjects_notice: Type.String(),
    }),
  ),
  postmortem: Open({
    severity: Type.String(),
    due_within_hours: Nullable(Type.Integer()),
    required: Type.Boolean(),
    sections: Type.Array(
      Open({ key: Type.String(), title_ar: Type.String(), title_en: Type.String(), content: Type.String() }),
    ),
  }),
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Staff only: checked before validation, so a customer key gets 403 whatever it sent. */
const guard = (action: Action) => async (req: FastifyRequest) => authorize(principalOf(req), action);

export function incidentsStoredRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const svc = incidentsService(deps);
  return async (app) => {
    app.post(
      '/incidents',
      {
        preValidation: guard('incidents.create'),
        schema: {
          tags: ['incidents'],
          summary: 'Open an incident: triage, response-plan checklist, due times and PDPL clocks',
          body: Type.Object({
            title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
            description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
            affected_customers: Type.Integer({ minimum: 0, maximum: AFFECTED_MAX }),
            customer_ids: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: CUSTOMER_IDS_MAX }),
            ),
            has_data_leak: Type.Optional(Type.Boolean()),
            has_unauthorized_send: Type.Optional(Type.Boolean()),
            channel: Type.Optional(OneOf(CHANNELS)),
            became_aware_at: Type.Optional(
              Type.String({
                format: 'date-time',
                maxLength: 40,
                description: 'When Dealix became aware of a data leak (not in the future); defaults to now',
              }),
            ),
          }),
          response: { 201: Detail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const detail = await svc.create(req.body, actorName(principalOf(req)));
        return reply.status(201).send(detail);
      },
    );

    app.get(
      '/incidents',
      {
        preValidation: guard('incidents.list'),
        schema: {
          tags: ['incidents'],
          summary: 'List incidents (newest first, filter by status and severity, paged by id)',
          querystring: Type.Object({
            status: Type.Optional(OneOf(INCIDENT_STATUSES)),
            severity: Type.Optional(OneOf(SEVERITIES)),
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
            after: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: {
            200: Type.Object({
              incidents: Type.Array(Open({ ...Incident.properties, update_overdue: Type.Boolean() })),
              next_after: Nullable(Type.String()),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const q = req.query;
        const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50)));
        const incidents = await svc.list({ status: q.status, severity: q.severity, after: q.after, limit });
        return {
          incidents,
          next_after: incidents.length === limit ? incidents[incidents.length - 1]!.id : null,
        };
      },
    );

    app.get(
      '/incidents/:id',
      {
        preValidation: guard('incidents.read'),
        schema: {
          tags: ['incidents'],
          summary: 'One incident: record, checklist, timeline, update and PDPL clocks, post-mortem template',
          params: IdParams,
          response: { 200: Detail, ...errorResponses },
        },
      },
      async (req) => svc.get(req.params.id),
    );

    app.post(
      '/incidents/:id/steps/:n',
      {
        preValidation: guard('incidents.check_step'),
        schema: {
          tags: ['incidents'],
          summary: 'Check or uncheck a response-plan step (1-based)',
          params: Type.Object({
            id: Type.String({ minLength: 1, maxLength: 64 }),
            n: Type.String({ pattern: '^[0-9]{1,6}$', description: 'Step number, from 1' }),
          }),
          body: Type.Object({
            done: Type.Boolean(),
            note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
          }),
          response: { 200: Detail, ...errorResponses },
        },
      },
      async (req) => svc.setStep(req.params.id, Number(req.params.n), req.body, actorName(principalOf(req))),
    );

    app.post(
      '/incidents/:id/updates',
      {
        // Posting an update is working the incident, as checking steps is.
        preValidation: guard('incidents.post_update'),
        schema: {
          tags: ['incidents'],
          summary: 'Post an update to the timeline; the next update falls due one cadence from now',
          params: IdParams,
          body: Type.Object({
            text: Type.String({ minLength: 1, maxLength: UPDATE_TEXT_MAX }),
            notify_customers: Type.Optional(
              Type.Boolean({
                description:
                  'Also draft this update for every contact of the affected customers (sent only after approval)',
              }),
            ),
          }),
          response: { 200: Detail, ...errorResponses },
        },
      },
      async (req) =>
        svc.postUpdate(req.params.id, req.body.text, actorName(principalOf(req)), {
          notify_customers: req.body.notify_customers,
        }),
    );

    app.post(
      '/incidents/:id/status',
      {
        preValidation: guard('incidents.change_status'),
        schema: {
          tags: ['incidents'],
          summary: 'Move an incident: open → mitigated → resolved, or open → resolved',
          params: IdParams,
          body: Type.Object({
            status: OneOf(['mitigated', 'resolved'] as const),
            note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
            version: Type.Optional(
              Type.Integer({ minimum: 1, description: 'The version you read; a stale one gets 409' }),
            ),
          }),
          response: { 200: Detail, ...errorResponses },
        },
      },
      async (req) => svc.setStatus(req.params.id, req.body, actorName(principalOf(req))),
    );
  };
}
