/**
 * Stored tickets: classified and routed on arrival, with SLA due times on the business calendar,
 * an event log, a first-response draft that waits for a human, and a Ledger entry for every
 * change — each change one unit of work.
 *
 * Methods take the caller's principal because who may touch a ticket depends on the ticket's
 * customer, known only once it is read: a foreign ticket is simply not there (404), then role.
 */
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { conflict, forbidden, notFound, round } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import type { DraftTable, TicketTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { type Action, actorName, authorize, authorizeFor, type Principal } from '../access/domain.js';
import { draftRow } from '../drafts/write.js';
import { formatDual } from '../sla/calendar.js';
import { type TicketClock, ticketClock } from '../sla/clock.js';
import { slaConfigOf } from '../sla/config.js';
import { nextDueAt, type SlaClock, type SlaState, slaBreaches } from '../sla/deadlines.js';
import {
  type BreachCause,
  breachCause,
  type ClockSpec,
  countedUntil,
  planAlerts,
  replay,
  runningSegments,
  type StatusChange,
  type Targets,
  targetsOf,
} from '../sla/engine.js';
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
  ReplyInput,
  SetStatus,
  TicketDetailView,
  TicketStatus,
  TicketView,
} from './schema.js';

export type TicketsDeps = Deps;

const FIRST_RESPONSE_DRAFT = 'ticket_first_response';
/** Reply drafts a human wrote for a ticket; with the automatic first response, they answer it. */
export const TICKET_REPLY_KINDS = [FIRST_RESPONSE_DRAFT, 'ticket_reply'] as const;
type Db = Parameters<typeof repo.get>[0];

const toDate = (s: string | null) => (s === null ? null : new Date(s));
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The instant an unmet target is judged at: the clock stands still while paused and after resolution. */
const judgedAt = (row: TicketTable, now: Date) => toDate(row.paused_at) ?? toDate(row.resolved_at) ?? now;

function slaState(row: TicketTable): SlaState {
  return {
    first_response_due_at: new Date(row.first_response_due_at),
    resolution_due_at: new Date(row.resolution_due_at),
    first_response_at: toDate(row.first_response_at),
    resolved_at: toDate(row.resolved_at),
  };
}

/** A due time still ahead when the clock paused is unknown until it resumes: shown as null. */
const shownDue = (due: string, row: TicketTable, met: string | null) =>
  row.paused_at !== null && met === null && due > row.paused_at ? null : due;

function view(row: TicketTable, now: Date, calendarVersion: string): TicketView {
  const priority = row.priority as Priority;
  const breaches = slaBreaches(slaState(row), judgedAt(row, now));
  const frDue = shownDue(row.first_response_due_at, row, row.first_response_at);
  const resDue = shownDue(row.resolution_due_at, row, row.resolved_at);
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
      first_response_due_at: frDue,
      resolution_due_at: resDue,
      due_dates: {
        first_response: frDue === null ? null : formatDual(new Date(frDue)),
        resolution: resDue === null ? null : formatDual(new Date(resDue)),
      },
      paused: row.paused_at !== null,
      paused_since: row.paused_at,
      policy_id: row.policy_id,
      calendar_revision: row.calendar_revision,
      clock: row.clock as SlaClock,
      calendar_version: calendarVersion,
      first_response_minutes: row.fr_target_minutes,
      resolution_hours: row.res_target_minutes / 60,
      next_due_at: row.next_due_at,
      breaches: breaches.map((b) => ({
        kind: b.kind,
        due_at: b.due_at.toISOString(),
        met_at: iso(b.met_at),
      })),
      reply: {
        draft_ready_at: row.draft_ready_at,
        approval_pending_at: row.approval_pending_at,
        approved_at: row.approved_at,
        breach_cause: row.breach_cause as BreachCause | null,
      },
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

/** The clock's history: the statuses a ticket went through, from its events. */
export function statusHistory(
  events: readonly { event: string; at: string; data: string }[],
): StatusChange[] {
  const out: StatusChange[] = [];
  for (const e of events) {
    if (e.event === 'status_changed') {
      const to = (JSON.parse(e.data) as { to?: unknown }).to;
      if (typeof to === 'string') out.push({ at: new Date(e.at), status: to });
    } else if (e.event === 'resolved' || e.event === 'closed') {
      out.push({ at: new Date(e.at), status: e.event });
    }
  }
  return out;
}

/**
 * The SLA columns of a ticket recomputed from its opening, its status history, its targets and
 * its calendar — deterministic — plus when the scheduler must next look at it.
 */
export function slaColumns(
  row: TicketTable,
  spec: ClockSpec,
  history: readonly StatusChange[],
  now: Date,
): Partial<TicketTable> {
  const targets: Targets = {
    first_response_minutes: row.fr_target_minutes,
    resolution_minutes: row.res_target_minutes,
  };
  const r = replay(spec, new Date(row.opened_at), history, targets);
  const patch: Partial<TicketTable> = {
    clock_anchor_at: iso(r.state.anchor),
    counted_minutes: r.state.counted,
    // Unknown while paused before the target: the last known value stays (and is not shown).
    first_response_due_at: iso(r.first_response_due_at) ?? row.first_response_due_at,
    resolution_due_at: iso(r.resolution_due_at) ?? row.resolution_due_at,
  };
  const next = { ...row, ...patch };
  const running = r.state.anchor !== null;
  patch.next_due_at = running ? iso(nextDueAt(slaState(next))) : null;
  const plan = planAlerts(
    {
      priority: row.priority as Priority,
      spec,
      state: r.state,
      targets,
      first_response_met: row.first_response_at !== null,
      resolved: row.resolved_at !== null,
      alerts_fired: row.alerts_fired,
    },
    now,
  );
  patch.next_alert_at = plan.due.length > 0 ? now.toISOString() : iso(plan.next_alert_at);
  return patch;
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

/** SQLite and PostgreSQL name a foreign-key failure differently. */
function isForeignKeyViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

export function ticketsService(deps: TicketsDeps) {
  const cfg = slaConfigOf(deps.store.db);
  const specOf = async (row: TicketTable, q: Db): Promise<ClockSpec> => ({
    clock: row.clock as SlaClock,
    calendar: await cfg.calendar(row.calendar_revision, new Date(row.opened_at), q),
  });
  const viewOf = async (row: TicketTable, now: Date, q: Db = deps.store.db) =>
    view(row, now, (await cfg.calendar(row.calendar_revision, new Date(row.opened_at), q)).version);

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

  const newDraft = (
    u: UnitContext,
    row: TicketTable,
    kind: string,
    body: { body_ar: string; body_en: string | null },
  ): DraftTable =>
    draftRow(u.now, {
      kind,
      channel: row.channel,
      recipient: row.contact_email,
      subject_type: 'ticket',
      subject_id: row.id,
      customer_id: row.customer_id,
      ...body,
    });
  const firstResponseDraft = async (u: UnitContext, row: TicketTable, priority: Priority) =>
    newDraft(u, row, FIRST_RESPONSE_DRAFT, {
      body_ar: firstResponse(priority, await contactName(u.tx, row.customer_id, row.contact_email)).body_ar,
      body_en: null,
    });

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
    await addEvent(u, row.id, event, data);
    await u.record(`ticket.${event}`, row.id, { customer_id: row.customer_id, ...data });
    return viewOf({ ...row, ...full, version: row.version + 1 }, u.now, u.tx);
  };
  const addEvent = (u: UnitContext, ticketId: string, event: string, data: Record<string, unknown>) =>
    repo.addEvent(u.tx, {
      id: newId('tev', u.now),
      ticket_id: ticketId,
      event,
      at: u.now.toISOString(),
      actor: u.actor,
      data: JSON.stringify(data),
    });

  /** The SLA columns after a change: the history so far plus the status entered now, if any. */
  const recompute = async (u: UnitContext, row: TicketTable, entering?: string) => {
    const history = statusHistory(await repo.events(u.tx, row.id));
    if (entering) history.push({ at: u.now, status: entering });
    return slaColumns(row, await specOf(row, u.tx), history, u.now);
  };

  /** Minutes counted from the opening to `at` on the ticket's own clock, pauses left out. */
  const countedTo = async (u: UnitContext, row: TicketTable, at: Date) => {
    const history = statusHistory(await repo.events(u.tx, row.id));
    return round(
      countedUntil(await specOf(row, u.tx), runningSegments(new Date(row.opened_at), history), at),
      2,
    );
  };

  /** Resolution stops both clocks; an unanswered customer's first response is judged at this moment. */
  const resolve = async (u: UnitContext, row: TicketTable, note: string | undefined) => {
    const at = u.now.toISOString();
    const late = at > row.resolution_due_at;
    const frLate = row.first_response_at === null && at > row.first_response_due_at;
    const patch: Partial<TicketTable> = {
      status: 'resolved',
      resolved_at: at,
      paused_at: null,
      resolution_minutes: await countedTo(u, row, u.now),
      res_breached: late ? 1 : row.res_breached,
      ...(frLate
        ? {
            fr_breached: 1,
            breach_cause:
              row.breach_cause ??
              breachCause(
                new Date(row.first_response_due_at),
                toDate(row.draft_ready_at),
                toDate(row.approved_at),
              ),
          }
        : {}),
    };
    Object.assign(patch, await recompute(u, { ...row, ...patch }, 'resolved'));
    return change(u, row, patch, 'resolved', {
      note: note ?? null,
      late,
      first_response_sent: row.first_response_at !== null,
    });
  };

  return {
    async create(input: CreateTicket, p: Principal, channel: string): Promise<CreatedTicketView> {
      authorizeFor(p, input.customer_id, 'tickets.create');
      // Pure work first, outside the transaction.
      const c = classify(input.text);
      return inUnit(deps, actorName(p), async (u) => {
        // The customer's existence is enforced by the foreign key on insert (one query fewer);
        // it is read only when a contact email needs its name.
        const [revision, policy] = await Promise.all([
          cfg.currentRevision(u.tx),
          cfg.policyFor(input.customer_id, u.tx),
        ]);
        const prow = policy.policy[c.priority];
        const targets = targetsOf(prow);
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
          first_response_due_at: at,
          resolution_due_at: at,
          next_due_at: null,
          created_at: at,
          updated_at: at,
          version: 1,
          calendar_revision: revision,
          policy_id: policy.id,
          clock: prow.clock,
          fr_target_minutes: targets.first_response_minutes,
          res_target_minutes: targets.resolution_minutes,
          clock_anchor_at: at,
          counted_minutes: 0,
          paused_at: null,
          // The automatic first-response draft is ready and waiting for approval at once.
          draft_ready_at: at,
          approval_pending_at: at,
          approved_at: null,
          first_response_minutes: null,
          resolution_minutes: null,
          fr_breached: 0,
          res_breached: 0,
          breach_cause: null,
          next_alert_at: null,
          alerts_fired: 0,
        };
        const spec = await specOf(row, u.tx);
        Object.assign(row, slaColumns(row, spec, [], u.now));
        try {
          await repo.insert(u.tx, row);
        } catch (e) {
          if (isForeignKeyViolation(e)) {
            throw notFound('customer_not_found', `No customer with id "${input.customer_id}"`, 'customer_id');
          }
          throw e;
        }
        const draft = await firstResponseDraft(u, row, c.priority);
        await repo.addDraft(u.tx, draft);
        const data = {
          priority: c.priority,
          rule: c.rule,
          owner: row.owner,
          channel,
          first_response_due_at: row.first_response_due_at,
          resolution_due_at: row.resolution_due_at,
          clock: row.clock,
          policy_id: row.policy_id,
          calendar_version: spec.calendar.version,
          draft_id: draft.id,
        };
        await addEvent(u, row.id, 'opened', data);
        await u.record('ticket.opened', row.id, { customer_id: row.customer_id, ...data });
        return { ...view(row, u.now, spec.calendar.version), draft: draftView(draft, p.role !== 'customer') };
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
        tickets: await Promise.all(rows.map(({ sort_key: _, ...r }) => viewOf(r, now))),
        next_after: last && rows.length === q.limit ? encodeCursor(last.sort_key, last.id) : null,
      };
    },

    async get(id: string, p: Principal): Promise<TicketDetailView> {
      const db = deps.store.db;
      const row = await loadFor(db, p, id, 'tickets.read');
      const [events, drafts] = await Promise.all([repo.events(db, id), repo.drafts(db, id)]);
      return {
        ...(await viewOf(row, deps.clock.now())),
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
      const db = deps.store.db;
      const row = await loadFor(db, p, id, 'tickets.read');
      const spec = await specOf(row, db);
      const history = statusHistory(await repo.events(db, id));
      const c = ticketClock(
        {
          opened_at: new Date(row.opened_at),
          first_response_due_at: new Date(row.first_response_due_at),
          resolution_due_at: new Date(row.resolution_due_at),
          first_response_at: toDate(row.first_response_at),
          resolved_at: toDate(row.resolved_at),
          first_response_minutes: row.fr_target_minutes,
          resolution_minutes: row.res_target_minutes,
          segments: runningSegments(new Date(row.opened_at), history),
        },
        spec,
        deps.clock.now(),
      );
      return { ticket: row, clock: c };
    },

    /**
     * Raises the priority: owner, targets and due times follow the new priority (from the ticket's
     * policy), counted from the opening with the same pauses — so a late raise can make it breach
     * at once, which is the truth.
     */
    async raisePriority(id: string, input: RaisePriority, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.raise_priority');
        checkVersion(row, input.version);
        assertOpen(id, row.status as TicketStatus);
        const from = row.priority as Priority;
        if (priorityChange(from, input.priority) === 'same') return viewOf(row, u.now, u.tx);
        const prow = (await cfg.policy(row.policy_id, u.tx))[input.priority];
        const targets = targetsOf(prow);
        const patch: Partial<TicketTable> = {
          priority: input.priority,
          owner: ownerFor(input.priority),
          clock: prow.clock,
          fr_target_minutes: targets.first_response_minutes,
          res_target_minutes: targets.resolution_minutes,
        };
        Object.assign(patch, await recompute(u, { ...row, ...patch }));
        // An unanswered customer gets the new priority's first response; the old draft is kept.
        let draftId: string | null = null;
        if (row.first_response_at === null) {
          await repo.supersedePending(u.tx, id, FIRST_RESPONSE_DRAFT, u.now.toISOString());
          const d = await firstResponseDraft(u, row, input.priority);
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
          clock: patch.clock,
          draft_id: draftId,
        });
      });
    },

    /**
     * Waiting on the customer pauses both clocks; the customer's answer (or staff) resumes them.
     * A customer key may only resume (it answered); staff may do both.
     */
    async setStatus(id: string, input: SetStatus, p: Principal): Promise<TicketView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.change_status');
        checkVersion(row, input.version);
        const from = row.status as TicketStatus;
        assertOpen(id, from);
        if (p.role === 'customer' && input.status !== 'open') {
          throw forbidden('Only staff put a ticket on hold for the customer; a customer can only resume it');
        }
        if (from === input.status) return viewOf(row, u.now, u.tx);
        const patch: Partial<TicketTable> = {
          status: input.status,
          paused_at: input.status === 'pending_customer' ? u.now.toISOString() : null,
        };
        Object.assign(patch, await recompute(u, { ...row, ...patch }, input.status));
        return change(u, row, patch, 'status_changed', {
          from,
          to: input.status,
          note: input.note ?? null,
          first_response_due_at: patch.first_response_due_at,
          resolution_due_at: patch.resolution_due_at,
        });
      });
    },

    /** A reply written by staff: a draft in the approval queue, never sent from here. */
    async reply(id: string, input: ReplyInput, p: Principal): Promise<DraftView> {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await loadFor(u.tx, p, id, 'tickets.record_event');
        assertNotClosed(id, row.status as TicketStatus);
        const d = newDraft(u, row, 'ticket_reply', {
          body_ar: input.body_ar,
          body_en: input.body_en ?? null,
        });
        await repo.addDraft(u.tx, d);
        const at = u.now.toISOString();
        const patch: Partial<TicketTable> = {
          draft_ready_at: row.draft_ready_at ?? at,
          approval_pending_at: row.approval_pending_at ?? at,
        };
        await change(u, row, patch, 'reply_drafted', { draft_id: d.id, kind: d.kind });
        return draftView(d, true);
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
        throw conflict(
          'approved_reply_required',
          'A first response counts only when an approved reply is sent or handed off: approve the ticket’s draft (POST /drafts/:id/approve), then send it (POST /drafts/:id/send)',
          'event',
        );
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

    /** Called in the drafts unit when a reply draft is written for a ticket: the first one is timed. */
    async replyDrafted(u: UnitContext, ticketId: string, draftId: string): Promise<void> {
      const row = await repo.get(u.tx, ticketId);
      if (!row) return;
      const at = u.now.toISOString();
      await change(
        u,
        row,
        { draft_ready_at: row.draft_ready_at ?? at, approval_pending_at: row.approval_pending_at ?? at },
        'reply_drafted',
        { draft_id: draftId, kind: 'ticket_reply' },
      );
    },

    /** Called in the drafts unit when a ticket's reply draft is approved: the first approval is timed. */
    async replyApproved(u: UnitContext, ticketId: string, draftId: string): Promise<void> {
      const row = await repo.get(u.tx, ticketId);
      if (!row) return;
      await change(u, row, { approved_at: row.approved_at ?? u.now.toISOString() }, 'reply_approved', {
        draft_id: draftId,
      });
    },

    /**
     * Called in the drafts unit when an approved reply is sent or handed off: the first one is the
     * ticket's first response, counted on its clock and, when late, attributed.
     */
    async replySent(u: UnitContext, ticketId: string, draftId: string, mode: string): Promise<void> {
      const row = await repo.get(u.tx, ticketId);
      if (!row) return;
      if (row.first_response_at !== null || row.resolved_at !== null) {
        await change(u, row, {}, 'reply_sent', { draft_id: draftId, mode });
        return;
      }
      const at = u.now.toISOString();
      const late = at > row.first_response_due_at;
      const patch: Partial<TicketTable> = {
        first_response_at: at,
        first_response_minutes: await countedTo(u, row, u.now),
        ...(late
          ? {
              fr_breached: 1,
              breach_cause:
                row.breach_cause ??
                breachCause(
                  new Date(row.first_response_due_at),
                  toDate(row.draft_ready_at),
                  toDate(row.approved_at),
                ),
            }
          : {}),
      };
      Object.assign(patch, await recompute(u, { ...row, ...patch }));
      await change(u, row, patch, 'first_response', { draft_id: draftId, mode, late });
    },

    /** Recomputes an open ticket on a new calendar revision (in the caller's unit). */
    async moveToCalendar(u: UnitContext, row: TicketTable, revision: number): Promise<boolean> {
      const moved = { ...row, calendar_revision: revision };
      const patch: Partial<TicketTable> = { calendar_revision: revision, ...(await recompute(u, moved)) };
      if (!(await repo.update(u.tx, row.id, row.version, { ...patch, updated_at: u.now.toISOString() }))) {
        throw conflict('stale_version', `Ticket ${row.id} changed meanwhile; retry`, 'version');
      }
      await addEvent(u, row.id, 'calendar_changed', {
        calendar_revision: revision,
        first_response_due_at: patch.first_response_due_at,
        resolution_due_at: patch.resolution_due_at,
      });
      return (
        patch.first_response_due_at !== row.first_response_due_at ||
        patch.resolution_due_at !== row.resolution_due_at
      );
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
