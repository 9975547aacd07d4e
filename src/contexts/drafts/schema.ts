/** Request and response schemas of the approval queue. */
import { type Static, type TString, Type } from 'typebox';

const Nullable = (t: TString) => Type.Unsafe<string | null>({ ...t, type: ['string', 'null'] });
const Time = Type.String({ format: 'date-time' });
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one gets 409' });
export const DRAFT_STATUSES = [
  'pending',
  'approved',
  'sending',
  'sent',
  'rejected',
  'superseded',
  'invalidated',
] as const;
export const BODY_MAX = 20_000;

export const DraftIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ListDraftsQuery = Type.Object({
  status: Type.Optional(Type.Enum(DRAFT_STATUSES)),
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  subject_type: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  subject_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'next_after of the previous page' })),
});

export const DRAFT_CHANNELS = ['email', 'whatsapp', 'sms', 'in_app', 'export'] as const;
export const CreateDraftBody = Type.Object({
  kind: Type.Enum([
    'ticket_reply',
    'cs_check_in',
    'incident_update',
    'pdpl_notice',
    'delivery_handoff',
    'outreach',
  ]),
  channel: Type.Enum(DRAFT_CHANNELS),
  recipient: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  customer_id: Type.String({ minLength: 1, maxLength: 64 }),
  subject_type: Type.Enum(['ticket', 'incident', 'customer']),
  subject_id: Type.String({ minLength: 1, maxLength: 64 }),
  body_ar: Type.String({ minLength: 1, maxLength: BODY_MAX }),
  body_en: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX })),
});
export type CreateDraft = Static<typeof CreateDraftBody>;

export const EditDraftBody = Type.Object({
  body_ar: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX })),
  body_en: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX })),
  version: Version,
});
export type EditDraft = Static<typeof EditDraftBody>;

export const VersionBody = Type.Object({ version: Type.Optional(Version) });
export type VersionInput = Static<typeof VersionBody>;

export const RejectBody = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  version: Type.Optional(Version),
});
export type RejectInput = Static<typeof RejectBody>;

export const DraftBody = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  channel: Type.String(),
  recipient: Nullable(Type.String()),
  subject_type: Type.String(),
  subject_id: Type.String(),
  customer_id: Nullable(Type.String()),
  body_ar: Type.String(),
  body_en: Nullable(Type.String()),
  status: Type.Enum(DRAFT_STATUSES),
  created_at: Time,
  updated_at: Time,
  version: Type.Integer(),
  approved_by: Nullable(Type.String()),
  approved_at: Nullable(Time),
  rejected_by: Nullable(Type.String()),
  rejected_at: Nullable(Time),
  reject_reason: Nullable(Type.String()),
  sent_by: Nullable(Type.String()),
  sent_at: Nullable(Time),
  send_mode: Nullable(Type.String()),
  claims: Type.Object({
    ok: Type.Boolean(),
    matches: Type.Array(
      Type.Object({
        category: Type.String(),
        phrase: Type.String(),
        start: Type.Integer(),
        end: Type.Integer(),
        reason_ar: Type.String(),
      }),
    ),
  }),
});
export type DraftView = Static<typeof DraftBody>;

export const DraftList = Type.Object({
  drafts: Type.Array(DraftBody),
  next_after: Nullable(Type.String()),
});

export const SendResult = Type.Object({
  draft: DraftBody,
  mode: Type.Enum(['handoff', 'live']),
  handoff: Type.Object({
    text: Type.String({ description: 'The approved text, ready to copy' }),
    eml: Nullable(Type.String({ description: 'An RFC 5322 message for email drafts' })),
    wa_me: Nullable(Type.String({ description: 'A wa.me link for WhatsApp drafts' })),
  }),
});
