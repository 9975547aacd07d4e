/** Freezes of live actions, and the channel metrics that can raise one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { forbidden } from '../../lib/errors.js';
import type { Deps } from '../../store/unit.js';
import { type Action, authorize } from '../access/domain.js';
import {
  ChannelParams,
  CreatedFreeze,
  CreateFreezeBody,
  Freeze,
  FreezeIdParams,
  FreezeList,
  LiftBody,
  ListFreezesQuery,
  MetricsBody,
  MetricsResult,
} from './schema.js';
import { freezesService, mayLift } from './service.js';

const tags = ['freezes'];

/** Checked before validation, so a key without the right gets 403 whatever it sent. */
const guard = (action: Action) => async (req: FastifyRequest) => authorize(principalOf(req), action);

export function freezesRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const svc = freezesService(deps);
  return async (app) => {
    app.post(
      '/freezes',
      {
        preValidation: guard('freezes.manage'),
        schema: {
          tags,
          summary:
            'Freeze live actions (founder): everything, a channel, a customer or a customer’s channel; approved drafts in scope need approving again',
          body: CreateFreezeBody,
          response: { 201: CreatedFreeze, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await svc.create(req.body, principalOf(req))),
    );

    app.get(
      '/freezes',
      {
        preValidation: guard('freezes.list'),
        schema: {
          tags,
          summary: 'Freezes, newest first; filter by status, scope, customer or channel',
          querystring: ListFreezesQuery,
          response: { 200: FreezeList, ...errorResponses },
        },
      },
      async (req) => {
        const { limit, ...q } = req.query;
        return svc.list({ ...q, limit: Math.min(200, Math.max(1, Number(limit ?? 50))) }, principalOf(req));
      },
    );

    app.get(
      '/freezes/:id',
      {
        preValidation: guard('freezes.list'),
        schema: {
          tags,
          summary: 'One freeze',
          params: FreezeIdParams,
          response: { 200: Freeze, ...errorResponses },
        },
      },
      async (req) => svc.get(req.params.id, principalOf(req)),
    );

    app.post(
      '/freezes/:id/lift',
      {
        preValidation: async (req) => {
          if (!mayLift(principalOf(req)))
            throw forbidden(`Your role (${principalOf(req).role}) may not lift a freeze`);
        },
        schema: {
          tags,
          summary:
            'Lift a freeze (founder); a global or SEV1 freeze moves to lift_pending and lifts when a second, different approver confirms',
          params: FreezeIdParams,
          body: LiftBody,
          response: { 200: Freeze, ...errorResponses },
        },
      },
      async (req) => svc.lift(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/channels/:channel/metrics',
      {
        preValidation: guard('channels.post_metrics'),
        schema: {
          tags,
          summary:
            'Post a batch’s channel numbers: bounce > 5%, complaint > 0.3% or WhatsApp block > 3% freezes the customer’s channel; half of each warns',
          params: ChannelParams,
          body: MetricsBody,
          response: { 201: MetricsResult, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await svc.postMetrics(req.params.channel, req.body, principalOf(req))),
    );
  };
}
