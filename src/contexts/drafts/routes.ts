/** The approval queue: list, read, edit, approve, reject and send (hand-off) drafts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import type { Deps } from '../../store/unit.js';
import { authorize } from '../access/domain.js';
import { auditSends } from './audit.js';
import {
  CreateDraftBody,
  DraftBody,
  DraftIdParams,
  DraftList,
  EditDraftBody,
  ListDraftsQuery,
  RejectBody,
  SendResult,
  VersionBody,
} from './schema.js';
import { draftsService } from './service.js';

const tags = ['drafts'];

export function draftsRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const svc = draftsService(deps);
  return async (app) => {
    app.get(
      '/drafts',
      {
        schema: {
          tags,
          summary: 'The approval queue, oldest first; filter by status, kind, customer or subject',
          querystring: ListDraftsQuery,
          response: { 200: DraftList, ...errorResponses },
        },
      },
      async (req) => {
        const { limit, ...q } = req.query;
        return svc.list({ ...q, limit: Math.min(200, Math.max(1, Number(limit ?? 50))) }, principalOf(req));
      },
    );

    app.post(
      '/drafts',
      {
        schema: {
          tags,
          summary:
            'Write a draft for a customer or their contacts (staff); it waits in the approval queue, checked for prohibited claims',
          body: CreateDraftBody,
          response: { 201: DraftBody, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await svc.create(req.body, principalOf(req))),
    );

    app.post(
      '/drafts/audit',
      {
        schema: {
          tags,
          summary:
            'Audit every send in the Ledger against its approval; each send without a matching approval opens a SEV1 incident',
          response: {
            200: Type.Object({
              findings: Type.Array(
                Type.Object({
                  draft_id: Type.String(),
                  reason: Type.String(),
                  seq: Type.Union([Type.Integer(), Type.Null()]),
                }),
              ),
              incidents_opened: Type.Array(
                Type.Object({ draft_id: Type.String(), incident_id: Type.String() }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        authorize(principalOf(req), 'drafts.audit');
        return auditSends(deps);
      },
    );

    app.get(
      '/drafts/:id',
      {
        schema: {
          tags,
          summary: 'One draft with its claims check',
          params: DraftIdParams,
          response: { 200: DraftBody, ...errorResponses },
        },
      },
      async (req) => svc.get(req.params.id, principalOf(req)),
    );

    app.patch(
      '/drafts/:id',
      {
        schema: {
          tags,
          summary: 'Edit a pending or approved draft; an approved one needs approving again',
          params: DraftIdParams,
          body: EditDraftBody,
          response: { 200: DraftBody, ...errorResponses },
        },
      },
      async (req) => svc.edit(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/drafts/:id/approve',
      {
        schema: {
          tags,
          summary:
            'Approve a pending draft (P0 ticket replies: the founder); refused with a prohibited claim',
          params: DraftIdParams,
          body: VersionBody,
          response: { 200: DraftBody, ...errorResponses },
        },
      },
      async (req) => svc.approve(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/drafts/:id/reject',
      {
        schema: {
          tags,
          summary: 'Reject a draft, saying why',
          params: DraftIdParams,
          body: RejectBody,
          response: { 200: DraftBody, ...errorResponses },
        },
      },
      async (req) => svc.reject(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/drafts/:id/settle',
      {
        schema: {
          tags,
          summary:
            'Settle a send whose outcome is unknown (the provider timed out): delivered → sent, otherwise back to approved (founder)',
          params: DraftIdParams,
          body: Type.Object({
            delivered: Type.Boolean(),
            note: Type.String({ minLength: 1, maxLength: 2000, description: 'How it was checked' }),
            version: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
          response: { 200: DraftBody, ...errorResponses },
        },
      },
      async (req) => svc.settle(req.params.id, req.body, principalOf(req)),
    );

    app.post(
      '/drafts/:id/send',
      {
        schema: {
          tags,
          summary:
            'Send an approved, unchanged draft through the gate; with no live channel it is handed off (text, .eml, wa.me)',
          params: DraftIdParams,
          body: VersionBody,
          response: { 200: SendResult, ...errorResponses },
        },
      },
      async (req) => svc.send(req.params.id, req.body, principalOf(req)),
    );
  };
}
