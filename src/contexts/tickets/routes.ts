/** Stored tickets with running SLA clocks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import {
  CreatedTicket,
  CreateTicketBody,
  Draft,
  ListTicketsQuery,
  NoteBody,
  RaisePriorityBody,
  RecordEventBody,
  ReplyBody,
  SetStatusBody,
  Ticket,
  TicketDetail,
  TicketIdParams,
  TicketList,
} from './schema.js';
import { type TicketsDeps, ticketsService } from './service.js';

const tags = ['tickets'];

export function ticketsRoutes(deps: TicketsDeps): FastifyPluginAsyncTypebox {
  const svc = ticketsService(deps);
  return async (app) => {
    app.post(
      '/tickets',
      {
        schema: {
          tags,
          summary: 'Open a ticket: classified, routed, SLA clocks started, first-response draft stored',
          body: CreateTicketBody,
          response: { 201: CreatedTicket, ...errorResponses },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        // A customer writing in through its own key is using the portal.
        const channel = req.body.channel ?? (p.role === 'customer' ? 'portal' : 'other');
        return reply.status(201).send(await svc.create(req.body, p, channel));
      },
    );

    app.get(
      '/tickets',
      {
        schema: {
          tags,
          summary: 'Tickets, earliest next due first (nothing due last); paged with after',
          querystring: ListTicketsQuery,
          response: { 200: TicketList, ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query;
        return svc.list(
          {
            customer_id: q.customer_id,
            status: q.status,
            priority: q.priority,
            breaching: q.breaching === undefined ? undefined : q.breaching === 'true',
            after: q.after,
            limit: Math.min(200, Math.max(1, Number(q.limit ?? 50))),
          },
          principalOf(req),
        );
      },
    );

    app.get(
      '/tickets/:id',
      {
        schema: {
          tags,
          summary: 'One ticket with its event log (who, what, when) and drafts',
          params: TicketIdParams,
          response: { 200: TicketDetail, ...errorResponses },
        },
      },
      async (req) => svc.get(req.params.id, principalOf(req)),
    );

    app.post(
      '/tickets/:id/priority',
      {
        schema: {
          tags,
          summary: 'Raise the priority (never lower it); due times follow from the opening time',
          params: TicketIdParams,
          body: RaisePriorityBody,
          response: { 200: Ticket, ...errorResponses },
        },
      },
      async (req) => svc.raisePriority(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/tickets/:id/events',
      {
        schema: {
          tags,
          summary: 'Record an SLA event: first_response, resolved or escalated (staff)',
          params: TicketIdParams,
          body: RecordEventBody,
          response: { 200: Ticket, ...errorResponses },
        },
      },
      async (req) => svc.recordEvent(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/tickets/:id/status',
      {
        schema: {
          tags,
          summary:
            'Wait on the customer (pending_customer: SLA clocks pause) or resume (open); a customer key may only resume',
          params: TicketIdParams,
          body: SetStatusBody,
          response: { 200: Ticket, ...errorResponses },
        },
      },
      async (req) => svc.setStatus(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/tickets/:id/replies',
      {
        schema: {
          tags,
          summary: 'Write a reply (staff): stored as a draft in the approval queue, never sent from here',
          params: TicketIdParams,
          body: ReplyBody,
          response: { 201: Draft, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await svc.reply(req.params.id, req.body, principalOf(req))),
    );

    app.post(
      '/tickets/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Mark a ticket resolved (staff); it closes only on the customer’s confirmation',
          params: TicketIdParams,
          body: NoteBody,
          response: { 200: Ticket, ...errorResponses },
        },
      },
      async (req) => svc.resolve(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/tickets/:id/confirm',
      {
        schema: {
          tags,
          summary:
            'Close a resolved ticket on the customer’s confirmation (the customer, or staff with a note saying how)',
          params: TicketIdParams,
          body: NoteBody,
          response: { 200: Ticket, ...errorResponses },
        },
      },
      async (req) => svc.confirm(req.params.id, req.body, principalOf(req)),
    );
  };
}
