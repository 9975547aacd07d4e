/** Request and response schemas of freezes and channel metrics; the service's types come from these. */
import { type Static, type TSchema, Type } from 'typebox';
import {
  FREEZE_CHANNELS,
  FREEZE_SCOPES,
  FREEZE_SOURCES,
  FREEZE_STATUSES,
  REASON_MAX,
  SENT_MAX,
} from './domain.js';

/** A nullable value as a type list rather than `anyOf`, which the serialiser handles directly. */
const Nullable = <T extends TSchema>(t: T, type: string) =>
  Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] });
const NullableString = Nullable(Type.String(), 'string');
const NullableTime = Nullable(Type.String({ format: 'date-time' }), 'string');
const Time = Type.String({ format: 'date-time' });
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one gets 409' });
const Reason = Type.String({ minLength: 1, maxLength: REASON_MAX });
const CustomerId = Type.String({ minLength: 1, maxLength: 64 });
const ChannelT = Type.Enum(FREEZE_CHANNELS);
const Count = Type.Integer({ minimum: 0, maximum: SENT_MAX });

export const FreezeIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateFreezeBody = Type.Object({
  scope: Type.Enum(FREEZE_SCOPES),
  channel: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 32,
      description: `For channel and customer_channel scopes only: ${FREEZE_CHANNELS.join(', ')}`,
    }),
  ),
  customer_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'For customer and customer_channel scopes only',
    }),
  ),
  reason: Reason,
});
export type CreateFreeze = Static<typeof CreateFreezeBody>;

export const ListFreezesQuery = Type.Object({
  status: Type.Optional(Type.Enum(FREEZE_STATUSES)),
  scope: Type.Optional(Type.Enum(FREEZE_SCOPES)),
  customer_id: Type.Optional(CustomerId),
  channel: Type.Optional(ChannelT),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'next_after of the previous page' })),
});

export const LiftBody = Type.Object({
  reason: Reason,
  version: Type.Optional(Version),
});
export type LiftInput = Static<typeof LiftBody>;

const FreezeProps = {
  id: Type.String(),
  scope: Type.Enum(FREEZE_SCOPES),
  channel: NullableString,
  customer_id: NullableString,
  reason: Type.String(),
  source: Type.Enum(FREEZE_SOURCES),
  source_ref: NullableString,
  status: Type.Enum(FREEZE_STATUSES),
  frozen: Type.Boolean({ description: 'True while active or waiting for its second approver' }),
  needs_second_approver: Type.Boolean({ description: 'Lifting needs a second, different approver' }),
  created_at: Time,
  created_by: Type.String(),
  lift_requested_by: NullableString,
  lift_requested_at: NullableTime,
  lift_reason: NullableString,
  lifted_by: NullableString,
  lifted_at: NullableTime,
  version: Type.Integer(),
  summary_ar: Type.String(),
  summary_en: Type.String(),
};

export const Freeze = Type.Object(FreezeProps);
export type FreezeView = Static<typeof Freeze>;

export const CreatedFreeze = Type.Object({
  ...FreezeProps,
  invalidated_drafts: Type.Integer({
    description: 'Approved, unsent drafts in the scope whose approval was withdrawn',
  }),
});
export type CreatedFreezeView = Static<typeof CreatedFreeze>;

export const FreezeList = Type.Object({
  freezes: Type.Array(Freeze),
  next_after: NullableString,
});

// ---------------------------------------------------------------------------------------------
// Channel metrics

export const ChannelParams = Type.Object({ channel: ChannelT });

export const MetricsBody = Type.Object({
  customer_id: CustomerId,
  sent: Type.Integer({ minimum: 1, maximum: SENT_MAX }),
  bounced: Type.Optional(Count),
  complained: Type.Optional(Count),
  blocked: Type.Optional(Type.Integer({ minimum: 0, maximum: SENT_MAX, description: 'WhatsApp only' })),
  period_start: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  period_end: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
});
export type MetricsInput = Static<typeof MetricsBody>;

const MetricProps = {
  count: Type.Integer(),
  rate: Type.Number(),
  threshold: Type.Number({ description: 'Above this, the channel is frozen for the customer' }),
  warn_at: Type.Number({ description: 'Above this (half the threshold), the founder and on-call are told' }),
  status: Type.Enum(['ok', 'warn', 'freeze']),
};
const MetricResultT = Type.Object(MetricProps);
const NullableMetric = Type.Unsafe<Static<typeof MetricResultT> | null>({
  type: ['object', 'null'],
  properties: MetricResultT.properties,
  required: Object.keys(MetricProps),
  description: 'Null where the metric does not apply (the block rate outside WhatsApp)',
});

export const MetricsResult = Type.Object({
  id: Type.String({ description: 'The stored metrics row' }),
  customer_id: Type.String(),
  channel: ChannelT,
  sent: Type.Integer(),
  bounced: Type.Integer(),
  complained: Type.Integer(),
  blocked: Type.Integer(),
  period_start: NullableTime,
  period_end: NullableTime,
  recorded_at: Time,
  recorded_by: Type.String(),
  metrics: Type.Object({ bounce: MetricResultT, complaint: MetricResultT, block: NullableMetric }),
  status: Type.Enum(['ok', 'warn', 'freeze'], { description: 'The worst of the metrics' }),
  freeze_id: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'The automatic freeze this batch raised, if it raised one',
  }),
  existing_freeze_id: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'An automatic freeze that already covered this customer and channel (none is added)',
  }),
  notified: Type.Array(Type.String(), { description: 'Users told about a warning or a freeze' }),
});
export type MetricsResultView = Static<typeof MetricsResult>;
