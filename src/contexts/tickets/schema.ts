/** Request and response schemas for stored tickets; the service's types come from these. */
import { type Static, type TString, Type } from 'typebox';
import { OutboundFlags } from '../../http/schemas.js';
import { SLA_EVENTS } from '../sla/domain.js';
import { MAX_TICKET_TEXT } from '../support/classifier.js';
import { PRIORITIES } from '../support/priorities.js';

export const CHANNELS = ['email', 'whatsapp', 'portal', 'phone', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const TICKET_STATUSES = ['open', 'pending_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const NOTE_MAX = 2000;

/**
 * A nullable string as `type: ["string", "null"]` rather than `anyOf`: the response serialiser
 * handles a type list directly, but has to run a validator to choose a branch of an `anyOf`.
 */
const Nullable = (t: TString) => Type.Unsafe<string | null>({ ...t, type: ['string', 'null'] });
const Time = Type.String({ format: 'date-time' });
const PriorityT = Type.Enum(PRIORITIES);
const ChannelT = Type.Enum(CHANNELS);
const StatusT = Type.Enum(TICKET_STATUSES);
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one gets 409' });
const Note = Type.String({ minLength: 1, maxLength: NOTE_MAX });

export const TicketIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateTicketBody = Type.Object({
  customer_id: Type.String({ minLength: 1, maxLength: 64 }),
  text: Type.String({ minLength: 1, maxLength: MAX_TICKET_TEXT }),
  contact_email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
  channel: Type.Optional(ChannelT),
});
export type CreateTicket = Static<typeof CreateTicketBody>;

export const ListTicketsQuery = Type.Object({
  customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  status: Type.Optional(StatusT),
  priority: Type.Optional(PriorityT),
  breaching: Type.Optional(Type.Enum(['true', 'false'])),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'next_after of the previous page' })),
});

export const RaisePriorityBody = Type.Object({
  priority: PriorityT,
  note: Type.Optional(Note),
  version: Type.Optional(Version),
});
export type RaisePriority = Static<typeof RaisePriorityBody>;

export const RecordEventBody = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 64, description: SLA_EVENTS.join(', ') }),
  note: Type.Optional(Note),
  version: Type.Optional(Version),
});
export type RecordEvent = Static<typeof RecordEventBody>;

export const SetStatusBody = Type.Object({
  status: Type.Enum(['open', 'pending_customer'], {
    description:
      'pending_customer pauses the SLA clocks while the ticket waits on the customer; open resumes them',
  }),
  note: Type.Optional(Note),
  version: Type.Optional(Version),
});
export type SetStatus = Static<typeof SetStatusBody>;

export const REPLY_MAX = 20_000;
export const ReplyBody = Type.Object({
  body_ar: Type.String({ minLength: 1, maxLength: REPLY_MAX }),
  body_en: Type.Optional(Type.String({ minLength: 1, maxLength: REPLY_MAX })),
});
export type ReplyInput = Static<typeof ReplyBody>;

export const NoteBody = Type.Object({
  note: Type.Optional(Note),
  version: Type.Optional(Version),
});
export type NoteInput = Static<typeof NoteBody>;

const MatchedTerm = Type.Object({
  concept: Type.String(),
  text: Type.String({ description: 'The words as the customer wrote them' }),
  start: Type.Integer(),
  end: Type.Integer(),
});

const DualOrNull = Type.Unsafe<{ gregorian: string; hijri: string } | null>({
  type: ['object', 'null'],
  properties: { gregorian: { type: 'string' }, hijri: { type: 'string' } },
  required: ['gregorian', 'hijri'],
});

const Breach = Type.Object({
  kind: Type.Enum(['first_response', 'resolution']),
  due_at: Time,
  met_at: Nullable(Time),
});

const TicketProps = {
  id: Type.String(),
  customer_id: Type.String(),
  text: Type.String(),
  contact_email: Nullable(Type.String()),
  channel: Type.String(),
  priority: PriorityT,
  owner: Type.String(),
  status: StatusT,
  classification: Type.Object({
    priority: PriorityT,
    rule: Type.String(),
    matched: Type.Array(MatchedTerm),
    reason_ar: Type.String(),
  }),
  sla: Type.Object({
    first_response_due_at: Nullable(Time),
    resolution_due_at: Nullable(Time),
    due_dates: Type.Object(
      { first_response: DualOrNull, resolution: DualOrNull },
      { description: 'The due times as people read them: Riyadh wall time and the Umm al-Qura date' },
    ),
    paused: Type.Boolean({
      description: 'Waiting on the customer: the clocks stand still and nothing is due',
    }),
    paused_since: Nullable(Time),
    policy_id: Type.String({ description: 'The SLA policy revision the targets come from' }),
    calendar_revision: Type.Integer({ description: 'The stored calendar revision (0 = built-in)' }),
    clock: Type.Enum(['calendar', 'business']),
    calendar_version: Type.String({ description: 'The business calendar the due times follow' }),
    first_response_minutes: Type.Number({ description: 'Target, in the clock’s minutes' }),
    resolution_hours: Type.Number({ description: 'Target, in the clock’s hours' }),
    next_due_at: Nullable(Time),
    breaches: Type.Array(Breach),
    reply: Type.Object({
      draft_ready_at: Nullable(Time),
      approval_pending_at: Nullable(Time),
      approved_at: Nullable(Time),
      breach_cause: Type.Unsafe<'drafting' | 'approval' | 'response' | null>({
        type: ['string', 'null'],
        enum: ['drafting', 'approval', 'response', null],
        description: 'Why the first response was late: no draft ready, not approved, or not sent in time',
      }),
    }),
  }),
  breaching: Type.Boolean(),
  opened_at: Time,
  first_response_at: Nullable(Time),
  resolved_at: Nullable(Time),
  closed_at: Nullable(Time),
  created_at: Time,
  updated_at: Time,
  version: Type.Integer(),
  ...OutboundFlags,
};

export const Ticket = Type.Object(TicketProps);
export type TicketView = Static<typeof Ticket>;

export const Draft = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  channel: Type.String(),
  recipient: Nullable(Type.String()),
  body_ar: Nullable(Type.String({ description: 'Withheld (null) from customer keys until approved' })),
  body_en: Nullable(Type.String()),
  status: Type.String(),
  created_at: Time,
  updated_at: Time,
  version: Type.Integer(),
});
export type DraftView = Static<typeof Draft>;

export const TicketEvent = Type.Object({
  id: Type.String(),
  event: Type.String(),
  at: Time,
  actor: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type TicketEventView = Static<typeof TicketEvent>;

export const CreatedTicket = Type.Object({ ...TicketProps, draft: Draft });
export type CreatedTicketView = Static<typeof CreatedTicket>;

export const TicketDetail = Type.Object({
  ...TicketProps,
  events: Type.Array(TicketEvent),
  drafts: Type.Array(Draft),
});
export type TicketDetailView = Static<typeof TicketDetail>;

export const TicketList = Type.Object({
  tickets: Type.Array(Ticket),
  next_after: Nullable(Type.String()),
});
