/**
 * Stored tickets: classified and routed on arrival, with SLA due times on the business calendar,
 * an event log, a first-response draft that waits for a human, and a Ledger entry for every
 * change — each change one unit of work.
 *
 * Methods take the caller's principal because who may touch a ticket depends on the ticket's
 * customer, known only once it is read: a foreign ticket is simply not there (404), then role.
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import type { DraftTable, TicketTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { type Action, actorName, authorize, authorizeFor, type Principal } from '../access/domain.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import { type TicketClock, ticketClock } from '../sla/clock.js';
import {
  calendarFor,
  DEFAULT_SLA_POLICY,
  dueTimes,
  nextDueAt,
  type SlaState,
  slaBreaches,
} from '../sla/deadlines.js';
import { classify, type MatchedTerm } from '../support/classifier.js';
import type { Priority } from '../support/priorities.js';
import { firstResponse } from '../support/routing.js';
import {
  assertConfirmable,
  assertNotClosed,
  assertOpen,
  assertPostableEvent,
  ownerFor,
  priorityChange,
  ticketNotFound,
} from './domain.js';
import { ticketsRepo as repo, type TicketFilter } from './repository.js';
import type {
  CreatedTicketView,
  CreateTicket,
  DraftView,
  NoteInput,
  RaisePriority,
  RecordEvent,
  TicketDetailView,
  TicketStatus,
  TicketView,
} from './schema.js';

export interface TicketsDeps extends Deps {
  /** The business calendar for a ticket opened at an instant; default: the Saudi one (calendarFor). */
  calendar?: (openedAt: Date) => BusinessCalendar;
}

const FIRST_RESPONSE_DRAFT = 'ticket_first_response';
type Db = Parameters<typeof repo.get>[0];

const toDate = (s: string | null) => (s === null ? null : new Date(s));
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function slaState(row: TicketTable): SlaState {
  return {
    first_response_due_at: new Date(row.first_response_due_at),
    resolution_due_at: new Date(row.resolution_due_at),
    first_response_at: toDate(row.first_response_at),
    resolved_at: toDate(row.resolved_at),
  };
}

function viewWith(row: TicketTable, now: Date, calendar: BusinessCalendar): TicketView {
  const priority = row.priority as Priority;
  const policy = DEFAULT_SLA_POLICY[priority];
  const breaches = slaBreaches(slaState(row), now);
  return {
    id: row.id,
    customer_id: row.customer_id,
    text: row.text,
    contact_email: row.contact_email,
    channel: row.channel,
    priority,
    owner: row.owner,
    status: row.status as TicketStatus,
    classification: {
      priority: row.classified_priority as Priority,
      rule: row.rule,
      matched: JSON.parse(row.matched) as MatchedTerm[],
      reason_ar: row.reason_ar,
    },
    sla: {
      first_response_due_at: row.first_response_due_at,
      resolution_due_at: row.resolution_due_at,
      clock: policy.clock,
      calendar_version: calendar.version,
      first_response_minutes: policy.first_response_minutes,
      resolution_hours: policy.resolution_hours,
      next_due_at: row.next_due_at,
      breaches: breaches.map((b) => ({
        kind: b.kind,
        due_at: b.due_at.toISOString(),
        met_at: iso(b.met_at),
      })),
    },
    breaching: breaches.length > 0,
    opened_at: row.opened_at,
    first_response_at: row.first_response_at,
    resolved_at: row.resolved_at,
    closed_at: row.closed_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
    approval_required: true,
    live_send_allowed: false,
  };
}

/** A customer key sees that a draft exists, not its words: an unapproved draft is not yet sent. */
function draftView(row: DraftTable, showBody: boolean): DraftView {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    body_ar: showBody ? row.body_ar : null,
    body_en: showBody ? row.body_en : null,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
  };
}

/** Opaque page cursor: the last row's (sort key, id). */
const encodeCursor = (key: string, id: string) =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');
function decodeCursor(s: string): { key: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { key: v[0], id: v[1] };
  } catch {
    // falls through to the error below
  }
  throw invalid('invalid_cursor', 'after must be the next_after value of a previous page', 'after');
}

/** SQLite and PostgreSQL name a foreign-key failure differently. */
function isForeignKeyViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

export function ticketsService(deps: TicketsDeps) {
  const calendarOf = deps.calendar ?? calendarFor;
  const calendarOfRow = (row: TicketTable) => calendarOf(new Date(row.opened_at));
  const view = (row: TicketTable, now: Date) => viewWith(row, now, calendarOfRow(row));

  /** Reads a ticket the principal may act on: scope first (404), then role (403). */
  const loadFor = async (db: Db, p: Principal, id: string, action: Action) => {
    const row = await repo.get(db, id);
    if (!row || (p.role === 'customer' && p.customer_id !== row.customer_id)) throw ticketNotFound(id);
    authorize(p, action);
    return row;
  };

  const checkVersion = (row: TicketTable, version: number | undefined) => {
    if (version !== undefined && version !== row.version) {
      throw conflict(
        'stale_version',
        `Ticket ${row.id} is at version ${row.version}, not ${version}; reload and retry`,
        'version',
        { current_version: row.version },
      );
    }
  };

  /** The greeting name: the customer's contact with that email, when there is one. */
  const contactName = async (db: Db, customerId: string, email: string | null) => {
    if (!email) return undefined;
    const c = await repo.customer(db, customerId);
    const contacts = c ? (JSON.parse(c.contacts) as Array<{ name?: string; email?: string }>) : [];
    return contacts.find((x) => x.email?.toLowerCase() === email.toLowerCase())?.name;
  };

  const newDraft = (u: UnitContext, row: TicketTable, priority: Priority, name: string | undefined) => {
    const at = u.now.toISOString();
    return {
      id: newId('drf', u.now),
      kind: FIRST_RESPONSE_DRAFT,
      channel: row.channel,
      recipient: row.contact_email,
      subject_type: 'ticket',
      subject_id: row.id,
      customer_id: row.customer_id,
      body_ar: firstResponse(priority, name).body_ar,
      body_en: null,
      status: 'pending',
      created_at: at,
      updated_at: at,
      version: 1,
    } satisfies DraftTable;
  };

  /**
   * Writes a change with its event and Ledger entry. The Ledger holds no ticket text or contact
   * details: it is append-only, so personal data kept there could never be erased.
   */
  const change = async (
    u: UnitContext,
    row: TicketTable,
    patch: Partial<TicketTable>,
    event: string,
    data: Record<string, unknown>,
  ) => {
    const full = { ...patch, updated_at: u.now.toISOString() };
    if (!(await repo.update(u.tx, row.id, row.version, full))) {
      throw conflict('stale_version', `Ticket ${row.id} changed meanwhile; reload and retry`, 'version');
    }
    await repo.addEvent(u.tx, {
      id: newId('tev', u.now),
      ticket_id: row.id,
      event,
      at: u.now.toISOString(),
      actor: u.actor,
      data: JSON.stringify(data),
    });
    await u.record(`ticket.${event}`, row.id, { customer_id: row.customer_id, ...data });
    return view({ ...row, ...full, version: row.version + 1 }, u.now);
  };

  /** Resolution: it also answers the customer, so it counts as the first response if none came. */
  const resolve = (u: UnitContext, row: TicketTable, note: string | undefined) => {
    const at = u.now.toISOString();
    return change(
      u,
      row,
      {
        status: 'resolved',
        resolved_at: at,
        first_response_at: row.first_response_at ?? at,
        next_due_at: null,
      },
      'resolved',
      {
        note: note ?? null,
        counts_as_first_response: row.first_response_at === null,
        late: u.now.getTime() > Date.parse(row.resolution_due_at),
      },
    );
  };

  return {
    async create(input: CreateTicket, p: Principal, channel: string): Promise<CreatedTicketView> {
      authorizeFor(p, input.customer_id, 'tickets.create');
      // Pure work first, outside the transaction.
      const c = classify(input.text);
      return inUnit(deps, actorName(p), async (u) => {
        // The customer's existence is enforced by the foreign key on insert (one query fewer);
        // it is read only when a contact email needs its name.
        const due = dueTimes(c.priority, u.now, calendarOf(u.now));
        const at = u.now.toISOString();
        const row: TicketTable = {
          id: newId('tkt', u.now),
          customer_id: input.customer_id,
          text: input.text,
          contact_email: input.contact_email ?? null,
          channel,
          priority: c.priority,
          classified_priority: c.priority,
          rule: c.rule,
          reason_ar: c.reason_ar,
          matched: JSON.stringify(c.matched),
          owner: ownerFor(c.priority),
          status: 'open',
          opened_at: at,
          first_response_at: null,
          resolved_at: null,
          closed_at: null,
          first_response_due_at: due.first_response_due_at.toISOString(),
          resolution_due_at: due.resolution_due_at.toISOString(),
          next_due_at: null,
          created_at: at,
          updated_at: at,
          version: 1,
        };
        row.next_due_at = iso(nextDueAt(slaState(row)));
        try {
          await repo.insert(u.tx, row);
        } catch (e) {
          if (isForeignKeyViolation(e)) {
            throw notFound('customer_not_found', `No customer with id "${input.customer_id}"`, 'customer_id');
          }
          throw e;
        }
        const draft = newDraft(
          u,
          row,
          c.priority,
          await contactName(u.tx, row.customer_id, row.contact_email),
        );
        await repo.addDraft(u.tx, draft);
        const data = {
          priority: c.priority,
          rule: c.rule,
          owner: row.owner,
          channel,
          first_response_due_at: row.first_response_due_at,
          resolution_due_at: row.resolution_due_at,
          calendar_version: due.calendar_version,
          draft_id: draft.id,
        };
        await repo.addEvent(u.tx, {
          id: newId('tev', u.now),
          ticket_id: row.id,
          event: 'opened',
          at,
          actor: u.actor,
          data: JSON.stringify(data),
        });
        await u.record('ticket.opened', row.id, { customer_id: row.customer_id, ...data });
        return { ...view(row, u.now), draft: draftView(draft, p.role !== 'customer') };
      });
    },

    async list(
      q: {
        customer_id?: string | undefined;
        status?: string | undefined;
        priority?: string | undefined;
        breaching?: boolean | undefined;
        after?: string | undefined;
        limit: number;
      },
      p: Principal,
    ) {
      if (q.customer_id) authorizeFor(p, q.customer_id, 'tickets.list');
      else authorize(p, 'tickets.list');
      const now = deps.clock.now();
      const filter: TicketFilter = {
        customer_id: p.role === 'customer' ? p.customer_id! : q.customer_id,
        status: q.status,
        priority: q.priority,
        breaching: q.breaching,
        after: q.after ? decodeCursor(q.after) : undefined,
        now: now.toISOString(),
        limit: q.limit,
      };
      const rows = await repo.list(deps.store.db, filter);
      const last = rows.at(-1);
      return {
        tickets: rows.map(({ sort_key: _, ...r }) => view(r, now)),
        next_after: last && rows.length === q.limit ? encodeCursor(last.sort_key, last.id) : null,
      };
    },

    async get(id: string, p: Principal): Promise<TicketDetailView> {
      const db = deps.store.db;
      const row = await loadFor(db, p, id, 'tickets.read');
      const [events, drafts] = await Promise.all([repo.events(db, id), repo.drafts(db, id)]);
      return {
        ...view(row, deps.clock.now()),
        events: events.map((e) => ({
          id: e.id,
          event: e.event,
          at: e.at,
          actor: e.actor,
          data: JSON.parse(e.data) as Record<string, unknown>,
        })),
        drafts: drafts.map((d) => draftView(d, p.role !== 'customer')),
      };
    },

    /** The ticket's SLA clocks explained as of now; same access as reading the ticket. */
    async clock(id: string, p: Principal): Promise<{ ticket: TicketTable; clock: TicketClock }> {
      const row = await loadFor(deps.store.db, p, id, 'tickets.read');
      const c = ticketClock(
        {
          priority: row.priority as Priority,
          opened_at: new Date(row.opened_at),
          first_response_due_at: new Date(row.first_response_due_at),
          resolution_due_at: new Date(row.resolution_due_at),
          first_response_at: toDate(row.first_response_at),
          resolved_at: toDate(row.resolved_at),
        },
        calendarOfRow(row),
        deps.clock.now(),
      );
      return { ticket: row, clock: c };
    },

    /**
     * Raises the priority: owner and due times follow the new priority, counted from when the
     * ticket was opened (so a late raise can make it breach at once — which is the truth).
     */
    async raisePriority(id: string, input: RaisePriority, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.raise_priority');
        checkVersion(row, input.version);
        assertOpen(id, row.status as TicketStatus);
        const from = row.priority as Priority;
        if (priorityChange(from, input.priority) === 'same') return view(row, u.now);
        const due = dueTimes(input.priority, new Date(row.opened_at), calendarOfRow(row));
        const patch: Partial<TicketTable> = {
          priority: input.priority,
          owner: ownerFor(input.priority),
          first_response_due_at: due.first_response_due_at.toISOString(),
          resolution_due_at: due.resolution_due_at.toISOString(),
        };
        patch.next_due_at = iso(nextDueAt(slaState({ ...row, ...patch })));
        // An unanswered customer gets the new priority's first response; the old draft is kept.
        let draftId: string | null = null;
        if (row.first_response_at === null) {
          await repo.supersedePending(u.tx, id, FIRST_RESPONSE_DRAFT, u.now.toISOString());
          const d = newDraft(
            u,
            row,
            input.priority,
            await contactName(u.tx, row.customer_id, row.contact_email),
          );
          await repo.addDraft(u.tx, d);
          draftId = d.id;
        }
        return change(u, row, patch, 'priority_raised', {
          from,
          to: input.priority,
          owner: patch.owner,
          note: input.note ?? null,
          first_response_due_at: patch.first_response_due_at,
          resolution_due_at: patch.resolution_due_at,
          calendar_version: due.calendar_version,
          draft_id: draftId,
        });
      });
    },

    async recordEvent(id: string, input: RecordEvent, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.record_event');
        const event = assertPostableEvent(input.event);
        checkVersion(row, input.version);
        const status = row.status as TicketStatus;
        if (event === 'resolved') {
          assertOpen(id, status);
          return resolve(u, row, input.note);
        }
        if (event === 'escalated') {
          assertNotClosed(id, status);
          return change(u, row, {}, 'escalated', { note: input.note ?? null, priority: row.priority });
        }
        assertOpen(id, status);
        if (row.first_response_at !== null) {
          throw conflict(
            'first_response_already_recorded',
            `Ticket ${id} had its first response at ${row.first_response_at}`,
            'event',
          );
        }
        const at = u.now.toISOString();
        const patch: Partial<TicketTable> = { first_response_at: at };
        patch.next_due_at = iso(nextDueAt(slaState({ ...row, ...patch })));
        return change(u, row, patch, 'first_response', {
          note: input.note ?? null,
          late: u.now.getTime() > Date.parse(row.first_response_due_at),
        });
      });
    },

    async resolve(id: string, input: NoteInput, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.resolve');
        checkVersion(row, input.version);
        assertOpen(id, row.status as TicketStatus);
        return resolve(u, row, input.note);
      });
    },

    /** Closes a resolved ticket on the customer's confirmation (staff record it with a note). */
    async confirm(id: string, input: NoteInput, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.confirm');
        checkVersion(row, input.version);
        const byCustomer = p.role === 'customer';
        assertConfirmable(id, row.status as TicketStatus, byCustomer, input.note);
        return change(u, row, { status: 'closed', closed_at: u.now.toISOString() }, 'closed', {
          confirmed_by: byCustomer ? 'customer' : 'staff_on_behalf_of_customer',
          note: input.note ?? null,
        });
      });
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
