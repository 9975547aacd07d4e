/** Reading and verifying the Action Ledger. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses, Open } from '../../http/schemas.js';
import { invalid } from '../../lib/errors.js';
import type { Store } from '../../store/db.js';
import { authorize } from '../access/domain.js';
import { listEntries, verifyChain } from './repository.js';

const isoOrUndefined = (v: string | undefined, field: string) => {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalid('invalid_time', `${field} must be an ISO-8601 time`, field);
  return new Date(t).toISOString();
};

export function ledgerRoutes(store: Store): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/ledger',
      {
        schema: {
          tags: ['ledger'],
          summary:
            'Ledger entries, oldest first (filter by subject, actor, action, time; page with after_seq)',
          querystring: Type.Object({
            subject: Type.Optional(Type.String({ maxLength: 200 })),
            actor: Type.Optional(Type.String({ maxLength: 200 })),
            action: Type.Optional(Type.String({ maxLength: 200 })),
            from: Type.Optional(Type.String({ maxLength: 40 })),
            to: Type.Optional(Type.String({ maxLength: 40 })),
            after_seq: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
          }),
          response: {
            200: Type.Object({
              entries: Type.Array(Open({ seq: Type.Integer(), hash: Type.String() })),
              next_after_seq: Type.Union([Type.Integer(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        authorize(principalOf(req), 'ledger.read');
        const q = req.query;
        const limit = Math.min(1000, Math.max(1, Number(q.limit ?? 100)));
        const entries = await listEntries(store.db, {
          subject: q.subject,
          actor: q.actor,
          action: q.action,
          from: isoOrUndefined(q.from, 'from'),
          to: isoOrUndefined(q.to, 'to'),
          after_seq: q.after_seq === undefined ? undefined : Number(q.after_seq),
          limit,
        });
        return {
          entries,
          next_after_seq: entries.length === limit ? entries[entries.length - 1]!.seq : null,
        };
      },
    );

    app.get(
      '/ledger/verify',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Recompute the hash chain',
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              entries: Type.Integer(),
              first_bad_seq: Type.Optional(Type.Integer()),
              reason: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (req) => {
        authorize(principalOf(req), 'ledger.verify');
        return verifyChain(store.db);
      },
    );
  };
}
