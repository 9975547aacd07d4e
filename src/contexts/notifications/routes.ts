/** The caller's notifications inbox: list (newest first), mark one read, mark all read. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TString, Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import type { Deps } from '../../store/unit.js';
import { notificationsService } from './service.js';

const tags = ['notifications'];

/** A nullable string as a type list, which the response serialiser handles without a validator. */
const Nullable = (t: TString) => Type.Unsafe<string | null>({ ...t, type: ['string', 'null'] });
const Time = Type.String({ format: 'date-time' });

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'sla_warning, sla_breach, …' }),
  subject_type: Type.String({ description: 'What it is about, e.g. ticket' }),
  subject_id: Type.String(),
  customer_id: Nullable(Type.String()),
  title_ar: Type.String(),
  title_en: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  created_at: Time,
  read_at: Nullable(Time),
});

export const NotificationPage = Type.Object({
  notifications: Type.Array(Notification),
  next_after: Nullable(Type.String()),
  unread_count: Type.Integer({ description: 'Unread notifications in the whole inbox' }),
});

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Enum(['true', 'false'])),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1–200, default 50' })),
  after: Type.Optional(Type.String({ maxLength: 400, description: 'next_after of the previous page' })),
});

export const NotificationIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function notificationsRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const svc = notificationsService(deps);
  return async (app) => {
    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Your own notifications, newest first; unread=true for the unread ones; paged with after',
          querystring: InboxQuery,
          response: { 200: NotificationPage, ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query;
        return svc.list(
          {
            unread: q.unread === undefined ? undefined : q.unread === 'true',
            after: q.after,
            limit: Math.min(200, Math.max(1, Number(q.limit ?? 50))),
          },
          principalOf(req),
        );
      },
    );

    app.post(
      '/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Mark all your unread notifications read',
          response: {
            200: Type.Object({ marked_read: Type.Integer(), read_at: Time }),
            ...errorResponses,
          },
        },
      },
      async (req) => svc.markAllRead(principalOf(req)),
    );

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one of your notifications read (someone else’s is not found)',
          params: NotificationIdParams,
          response: { 200: Notification, ...errorResponses },
        },
      },
      async (req) => svc.markRead(req.params.id, principalOf(req)),
    );
  };
}
