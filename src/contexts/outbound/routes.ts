/** WhatsApp opt-ins per customer, and which outbound channels could act live (no secrets). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { forbidden } from '../../lib/errors.js';
import type { Deps } from '../../store/unit.js';
import { type Action, authorize, authorizeFor } from '../access/domain.js';
import { channelStatuses, loadOutboundConfig, type OutboundConfig } from './flags.js';
import { optInsService } from './opt-ins.js';
import {
  ChannelList,
  CustomerIdParams,
  ListOptInsQuery,
  OptIn,
  OptInList,
  OptInPhoneParams,
  RecordOptInBody,
  RevokeOptInBody,
} from './schema.js';

const tags = ['outbound'];

/**
 * Scope and role before the body is validated: another customer's opt-ins are simply not there
 * (404), whatever was sent.
 */
const scopedTo =
  (action: Action) =>
  async (req: FastifyRequest): Promise<void> => {
    const id = (req.params as { id?: unknown }).id;
    authorizeFor(principalOf(req), typeof id === 'string' ? id : '', action);
  };

/** The settings are read once, when the routes are made (from the environment unless given). */
export function outboundRoutes(
  deps: Deps,
  config: OutboundConfig = loadOutboundConfig(),
): FastifyPluginAsyncTypebox {
  const optIns = optInsService(deps);
  return async (app) => {
    app.get(
      '/outbound/channels',
      {
        schema: {
          tags,
          summary:
            'Each outbound channel: its live flag, whether its adapter is configured, its connector, and whether it could send live (staff)',
          response: { 200: ChannelList, ...errorResponses },
        },
      },
      async (req) => {
        const p = principalOf(req);
        authorize(p, 'drafts.list');
        // Customers may list their drafts, but the service's settings are the operators' business.
        if (p.role === 'customer') throw forbidden('Only staff may see the outbound channel settings');
        return {
          channels: channelStatuses(config),
          problems: config.problems.map((p) => ({ ...p })),
          approval_required: true as const,
        };
      },
    );

    app.post(
      '/customers/:id/whatsapp-opt-ins',
      {
        schema: {
          tags,
          summary:
            'Record a WhatsApp opt-in for a number (staff): 201 when recorded or re-activated, 200 when already active',
          params: CustomerIdParams,
          body: RecordOptInBody,
          response: { 200: OptIn, 201: OptIn, ...errorResponses },
        },
        preValidation: scopedTo('opt_ins.manage'),
      },
      async (req, reply) => {
        const r = await optIns.record(req.params.id, req.body, principalOf(req));
        return reply.status(r.created ? 201 : 200).send(r.opt_in);
      },
    );

    app.get(
      '/customers/:id/whatsapp-opt-ins',
      {
        schema: {
          tags,
          summary: 'A customer’s WhatsApp opt-ins by number (staff); paged with after',
          params: CustomerIdParams,
          querystring: ListOptInsQuery,
          response: { 200: OptInList, ...errorResponses },
        },
        preValidation: scopedTo('opt_ins.read'),
      },
      async (req) =>
        optIns.list(
          req.params.id,
          {
            status: req.query.status,
            after: req.query.after,
            limit: Math.min(500, Math.max(1, Number(req.query.limit ?? 100))),
          },
          principalOf(req),
        ),
    );

    app.post(
      '/customers/:id/whatsapp-opt-ins/:phone/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke a number’s WhatsApp opt-in (staff): no live WhatsApp to it from then on',
          params: OptInPhoneParams,
          body: RevokeOptInBody,
          response: { 200: OptIn, ...errorResponses },
        },
        preValidation: scopedTo('opt_ins.manage'),
      },
      async (req) => optIns.revoke(req.params.id, req.params.phone, req.body, principalOf(req)),
    );
  };
}
