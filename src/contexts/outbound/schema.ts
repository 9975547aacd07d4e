/** Request and response schemas of WhatsApp opt-ins and the channel status; types come from these. */
import { type Static, type TString, Type } from 'typebox';
import { CONNECTOR_KEYS } from '../connectors/domain.js';
import { OUTBOUND_CHANNELS } from './flags.js';
import { OPT_IN_SOURCE_TEXT } from './messages.js';

const Nullable = (t: TString) => Type.Unsafe<string | null>({ ...t, type: ['string', 'null'] });
const Time = Type.String({ format: 'date-time' });

export const OPT_IN_SOURCES = Object.keys(OPT_IN_SOURCE_TEXT) as Array<keyof typeof OPT_IN_SOURCE_TEXT>;
export type OptInSource = (typeof OPT_IN_SOURCES)[number];
export const OPT_IN_STATUSES = ['active', 'revoked'] as const;
export const EVIDENCE_MAX = 2000;
const PhoneInput = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'A phone number: +966501234567, +966 50 123 4567, 00966…, or Saudi 0501234567',
});

export const CustomerIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const OptInPhoneParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  phone: PhoneInput,
});

export const RecordOptInBody = Type.Object({
  phone: PhoneInput,
  source: Type.Enum(OPT_IN_SOURCES, { description: OPT_IN_SOURCES.join(', ') }),
  evidence: Type.Optional(
    Type.String({
      maxLength: EVIDENCE_MAX,
      description: 'Where the proof is kept: a form submission id, a contract reference, a message id',
    }),
  ),
});
export type RecordOptIn = Static<typeof RecordOptInBody>;

export const RevokeOptInBody = Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: EVIDENCE_MAX })),
});
export type RevokeOptIn = Static<typeof RevokeOptInBody>;

export const ListOptInsQuery = Type.Object({
  status: Type.Optional(Type.Enum(OPT_IN_STATUSES)),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  after: Type.Optional(Type.String({ maxLength: 40, description: 'next_after of the previous page' })),
});

export const OptIn = Type.Object({
  id: Type.String(),
  customer_id: Type.String(),
  phone: Type.String({ description: 'E.164' }),
  phone_masked: Type.String(),
  source: Type.String(),
  source_label_ar: Type.String(),
  evidence: Type.String(),
  status: Type.Enum(OPT_IN_STATUSES),
  recorded_at: Time,
  recorded_by: Type.String(),
  revoked_at: Nullable(Time),
  revoked_by: Nullable(Type.String()),
});
export type OptInView = Static<typeof OptIn>;

export const OptInList = Type.Object({
  opt_ins: Type.Array(OptIn),
  next_after: Nullable(Type.String()),
});

export const ChannelStatusT = Type.Object({
  channel: Type.Enum(OUTBOUND_CHANNELS),
  flag_name: Nullable(Type.String()),
  flag_on: Type.Boolean(),
  live: Type.Boolean({ description: 'Sends can go out live; each one still passes the whole gate' }),
  adapter_configured: Type.Boolean(),
  connector: Nullable(Type.String({ description: CONNECTOR_KEYS.join(', ') })),
  reason: Nullable(Type.String({ description: 'Why it is not live: the first check that fails' })),
});

export const ChannelList = Type.Object({
  channels: Type.Array(ChannelStatusT),
  problems: Type.Array(
    Type.Object({
      variable: Type.String(),
      severity: Type.Enum(['error', 'warning']),
      message: Type.String(),
    }),
  ),
  approval_required: Type.Literal(true),
});
