/**
 * The approval queue: every text meant for a customer is a stored draft a human approves before it
 * leaves. An edit withdraws an approval; a draft with a prohibited claim cannot be approved; the
 * approval records a fingerprint of the approved content and the approver's role. Sending goes
 * through one gate (gate.ts); while a channel is not live it is a hand-off — the approved text
 * exported to be sent by hand — recorded like any send.
 *
 * Ticket replies also drive the ticket's SLA: their first approval and first send are timed there.
 */
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { conflict, DomainError, forbidden, invalid, notFound, upstream } from '../../lib/errors.js';
import type { DraftTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { type Action, actorName, authorize, type Principal } from '../access/domain.js';
import { checkClaims } from '../claims/guard.js';
import { activeFreezeFor } from '../freezes/service.js';
import { isEmailAddress } from '../outbound/email.js';
import { emailSubjectFor } from '../outbound/messages.js';
import { normalizePhone, waDigits } from '../outbound/phone.js';
import { TICKET_REPLY_KINDS, ticketsService } from '../tickets/service.js';
import { openTamperIncident } from './audit.js';
import { contentHash, decideSend, type GateDecision, type LiveFacts } from './gate.js';
import { defaultPorts } from './ports.js';
import { draftsRepo as repo } from './repository.js';
import type { CreateDraft, DraftView, EditDraft, RejectInput, VersionInput } from './schema.js';
import { writeDraft } from './write.js';

export const draftNotFound = (id: string) => notFound('draft_not_found', `No draft with id "${id}"`, 'id');

const claimsOf = (d: Pick<DraftTable, 'body_ar' | 'body_en'>) => {
  const ar = checkClaims(d.body_ar);
  const en = d.body_en ? checkClaims(d.body_en) : { ok: true, matches: [] };
  const matches = [...ar.matches, ...en.matches].map((m) => ({
    category: m.category,
    phrase: m.phrase,
    start: m.start,
    end: m.end,
    reason_ar: m.reason_ar,
  }));
  return { ok: matches.length === 0, matches };
};

function view(row: DraftTable): DraftView {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    customer_id: row.customer_id,
    body_ar: row.body_ar,
    body_en: row.body_en,
    status: row.status as DraftView['status'],
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
    approved_by: row.approved_by,
    approved_at: row.approved_at,
    rejected_by: row.rejected_by,
    rejected_at: row.rejected_at,
    reject_reason: row.reject_reason,
    sent_by: row.sent_by,
    sent_at: row.sent_at,
    send_mode: row.send_mode,
    claims: claimsOf(row),
  };
}

/**
 * The recipient as the channel needs it: an email address the mail adapter accepts, a WhatsApp or
 * SMS number in international form; in-app messages and exports need none.
 */
function recipientOf(channel: string, recipient: string | undefined): string | null {
  if (channel === 'email') {
    if (recipient === undefined || !isEmailAddress(recipient.trim()))
      throw invalid(
        'invalid_recipient',
        'An email draft needs one plain email address (name@domain.tld)',
        'recipient',
      );
    return recipient.trim();
  }
  if (channel === 'whatsapp' || channel === 'sms') {
    const phone = recipient === undefined ? null : normalizePhone(recipient);
    if (phone === null)
      throw invalid(
        'invalid_recipient',
        `A ${channel} draft needs a phone number, e.g. +966501234567`,
        'recipient',
      );
    return phone;
  }
  return recipient?.trim() || null;
}

const isTicketReply = (d: DraftTable) =>
  d.subject_type === 'ticket' && (TICKET_REPLY_KINDS as readonly string[]).includes(d.kind);

/** RFC 5322 text of an email hand-off (UTF-8, base64 body). */
function emlOf(d: DraftTable): string {
  const text = d.body_en ? `${d.body_ar}\n\n${d.body_en}` : d.body_ar;
  return [
    `To: ${d.recipient ?? ''}`,
    `Subject: =?UTF-8?B?${Buffer.from(emailSubjectFor(d.kind)).toString('base64')}?=`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '',
  ].join('\r\n');
}

/** The facts about the outside world the gate needs, and the delivery itself (adapters, freezes). */
export interface SendPorts {
  facts(tx: UnitContext['tx'], d: DraftTable): Promise<{ freezeId: string | null; live: LiveFacts }>;
  deliver(d: DraftTable): Promise<{ provider_ref: string }>;
}

/** Customer-facing kinds a human may write; ticket first responses are written by the system. */
export const DRAFT_KINDS = [
  'ticket_reply',
  'cs_check_in',
  'incident_update',
  'pdpl_notice',
  'delivery_handoff',
  'outreach',
] as const;
/** Outreach drafts are approved by the customer itself (the Approval Pack). */
const CUSTOMER_APPROVED_KINDS: readonly string[] = ['outreach'];

export function draftsService(deps: Deps, ports: SendPorts = defaultPorts()) {
  const tickets = ticketsService(deps);

  /** A customer key sees only its own customer's outreach drafts; anything else is not there. */
  const load = async (u: UnitContext | null, id: string, p: Principal, action: Action) => {
    const row = await repo.get(u ? u.tx : deps.store.db, id);
    if (
      !row ||
      (p.role === 'customer' &&
        (p.customer_id !== row.customer_id || !CUSTOMER_APPROVED_KINDS.includes(row.kind)))
    )
      throw draftNotFound(id);
    authorize(p, action);
    return row;
  };
  const checkVersion = (row: DraftTable, version: number | undefined) => {
    if (version !== undefined && version !== row.version)
      throw conflict(
        'stale_version',
        `Draft ${row.id} is at version ${row.version}, not ${version}`,
        'version',
        {
          current_version: row.version,
        },
      );
  };
  const save = async (u: UnitContext, row: DraftTable, patch: Partial<DraftTable>) => {
    const next = { ...row, ...patch, updated_at: u.now.toISOString(), version: row.version + 1 };
    if (!(await repo.update(u.tx, row.id, row.version, next)))
      throw conflict('stale_version', `Draft ${row.id} changed meanwhile; reload and retry`, 'version');
    return next;
  };
  const ledger = (u: UnitContext, action: string, d: DraftTable, extra: Record<string, unknown> = {}) =>
    u.record(`draft.${action}`, d.id, {
      kind: d.kind,
      channel: d.channel,
      subject_type: d.subject_type,
      subject_id: d.subject_id,
      customer_id: d.customer_id,
      version: d.version,
      ...extra,
    });

  /**
   * The roles that may approve a draft now: P0 ticket replies and anything about a SEV1 incident
   * need the founder; outreach may be approved by its own customer or staff; the rest by staff.
   */
  const approverRoles = async (db: UnitContext['tx'], d: DraftTable): Promise<readonly string[]> => {
    if (d.subject_type === 'ticket') {
      const t = await db
        .selectFrom('tickets')
        .select('priority')
        .where('id', '=', d.subject_id)
        .executeTakeFirst();
      if (t?.priority === 'P0') return ['founder'];
    }
    if (d.subject_type === 'incident') {
      const i = await db
        .selectFrom('incidents')
        .select('severity')
        .where('id', '=', d.subject_id)
        .executeTakeFirst();
      if (i?.severity === 'SEV1') return ['founder'];
    }
    const staff = ['founder', 'operator_oncall', 'operator_team'];
    return CUSTOMER_APPROVED_KINDS.includes(d.kind) ? [...staff, 'customer'] : staff;
  };

  /** The subject must exist and belong to the draft's customer. */
  const checkSubject = async (u: UnitContext, input: CreateDraft) => {
    const db = u.tx;
    const customer = await db
      .selectFrom('customers')
      .select('id')
      .where('id', '=', input.customer_id)
      .executeTakeFirst();
    if (!customer)
      throw notFound('customer_not_found', `No customer with id "${input.customer_id}"`, 'customer_id');
    if (input.subject_type === 'customer') {
      if (input.subject_id !== input.customer_id)
        throw invalid('subject_mismatch', 'A customer draft’s subject_id is its customer_id', 'subject_id');
      return;
    }
    if (input.subject_type === 'ticket') {
      const t = await db
        .selectFrom('tickets')
        .select('customer_id')
        .where('id', '=', input.subject_id)
        .executeTakeFirst();
      if (!t || t.customer_id !== input.customer_id)
        throw notFound(
          'subject_not_found',
          `No ticket "${input.subject_id}" for this customer`,
          'subject_id',
        );
      return;
    }
    const i = await db
      .selectFrom('incidents')
      .select('customer_ids')
      .where('id', '=', input.subject_id)
      .executeTakeFirst();
    if (!i || !(JSON.parse(i.customer_ids) as string[]).includes(input.customer_id))
      throw notFound(
        'subject_not_found',
        `No incident "${input.subject_id}" naming this customer`,
        'subject_id',
      );
  };

  return {
    async create(input: CreateDraft, p: Principal) {
      authorize(p, 'drafts.create');
      if (input.kind === 'ticket_reply' && input.subject_type !== 'ticket')
        throw invalid('subject_mismatch', 'A ticket_reply belongs to a ticket', 'subject_type');
      if (
        (input.kind === 'incident_update' || input.kind === 'pdpl_notice') &&
        input.subject_type !== 'incident'
      )
        throw invalid('subject_mismatch', `A ${input.kind} belongs to an incident`, 'subject_type');
      const recipient = recipientOf(input.channel, input.recipient);
      return inUnit(deps, actorName(p), async (u) => {
        await checkSubject(u, input);
        const row = await writeDraft(u, {
          kind: input.kind,
          channel: input.channel,
          recipient,
          subject_type: input.subject_type,
          subject_id: input.subject_id,
          customer_id: input.customer_id,
          body_ar: input.body_ar,
          body_en: input.body_en ?? null,
        });
        if (row.kind === 'ticket_reply') await tickets.replyDrafted(u, row.subject_id, row.id);
        return view(row);
      });
    },

    async list(
      q: {
        status?: string | undefined;
        kind?: string | undefined;
        customer_id?: string | undefined;
        subject_type?: string | undefined;
        subject_id?: string | undefined;
        after?: string | undefined;
        limit: number;
      },
      p: Principal,
    ) {
      authorize(p, 'drafts.list');
      if (p.role === 'customer') {
        if (q.customer_id !== undefined && q.customer_id !== p.customer_id)
          throw notFound('customer_not_found', `No customer with id "${q.customer_id}"`, 'customer_id');
        if (q.kind !== undefined && !CUSTOMER_APPROVED_KINDS.includes(q.kind))
          return { drafts: [], next_after: null };
      }
      const filter = {
        ...q,
        ...(p.role === 'customer'
          ? { customer_id: p.customer_id!, kind: q.kind ?? CUSTOMER_APPROVED_KINDS[0] }
          : {}),
        after: q.after ? decodeCursor(q.after) : undefined,
      };
      const rows = await repo.list(deps.store.db, filter);
      const last = rows.at(-1);
      return {
        drafts: rows.map(view),
        next_after: last && rows.length === q.limit ? encodeCursor(last.created_at, last.id) : null,
      };
    },

    async get(id: string, p: Principal) {
      return view(await load(null, id, p, 'drafts.read'));
    },

    /** Edits a pending, approved or invalidated draft; any approval is withdrawn (fresh approval). */
    async edit(id: string, input: EditDraft, p: Principal) {
      if (input.body_ar === undefined && input.body_en === undefined)
        throw invalid('nothing_to_change', 'Give body_ar and/or body_en', 'body_ar');
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.approve');
        checkVersion(row, input.version);
        if (!['pending', 'approved', 'invalidated'].includes(row.status))
          throw conflict('not_editable', `Draft ${id} is ${row.status} and can no longer be edited`, 'id');
        const wasApproved = row.status === 'approved';
        const next = await save(u, row, {
          ...(input.body_ar === undefined ? {} : { body_ar: input.body_ar }),
          ...(input.body_en === undefined ? {} : { body_en: input.body_en }),
          status: 'pending',
          approved_by: null,
          approved_at: null,
          approved_hash: null,
          approved_role: null,
        });
        await ledger(u, 'edited', next, { approval_invalidated: wasApproved, claims_ok: claimsOf(next).ok });
        return view(next);
      });
    },

    async approve(id: string, input: VersionInput, p: Principal) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.approve');
        checkVersion(row, input.version);
        if (row.status !== 'pending' && row.status !== 'invalidated')
          throw conflict(
            'not_pending',
            `Draft ${id} is ${row.status}; only a pending draft can be approved`,
            'id',
          );
        const roles = await approverRoles(u.tx, row);
        if (!roles.includes(p.role)) {
          if (roles.length === 1 && roles[0] === 'founder')
            throw forbidden(
              'This draft (a P0 ticket reply or about a SEV1 incident) needs the founder’s approval',
              'founder_approval_required',
            );
          throw forbidden(`Your role (${p.role}) may not approve a ${row.kind} draft`);
        }
        const claims = claimsOf(row);
        if (!claims.ok)
          throw conflict(
            'prohibited_claim',
            `Draft ${id} makes a prohibited claim; edit it first`,
            'body_ar',
            {
              matches: claims.matches,
            },
          );
        const hash = contentHash(row);
        const next = await save(u, row, {
          status: 'approved',
          approved_by: u.actor,
          approved_at: u.now.toISOString(),
          approved_hash: hash,
          approved_role: p.role,
          invalidated_reason: null,
        });
        await ledger(u, 'approved', next, { approved_hash: hash, approved_role: p.role });
        if (isTicketReply(next)) await tickets.replyApproved(u, next.subject_id, next.id);
        return view(next);
      });
    },

    /** Rejects (or, for a customer's Approval Pack card, skips) a draft, saying why. */
    async reject(id: string, input: RejectInput, p: Principal) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.reject');
        checkVersion(row, input.version);
        if (!['pending', 'approved', 'invalidated'].includes(row.status))
          throw conflict('not_pending', `Draft ${id} is ${row.status} and cannot be rejected`, 'id');
        const next = await save(u, row, {
          status: 'rejected',
          rejected_by: u.actor,
          rejected_at: u.now.toISOString(),
          reject_reason: input.reason,
        });
        await ledger(u, 'rejected', next, { reason: input.reason });
        return view(next);
      });
    },

    /**
     * Settles a send whose outcome is unknown (the provider timed out): the founder says whether
     * it went out, after checking with the provider. Only a draft left 'sending' can be settled.
     */
    async settle(
      id: string,
      input: { delivered: boolean; note: string; version?: number | undefined },
      p: Principal,
    ) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.settle');
        checkVersion(row, input.version);
        if (row.status !== 'sending')
          throw conflict(
            'not_sending',
            `Draft ${id} is ${row.status}; only a send left unsettled can be settled`,
            'id',
          );
        if (input.delivered) {
          const next = await save(u, row, {
            status: 'sent',
            sent_by: u.actor,
            sent_at: u.now.toISOString(),
            send_mode: 'live',
          });
          await ledger(u, 'sent', next, {
            approved_by: row.approved_by,
            approved_at: row.approved_at,
            approved_hash: row.approved_hash,
            settled: true,
            note: input.note,
          });
          if (isTicketReply(next)) await tickets.replySent(u, next.subject_id, next.id, 'live');
          return view(next);
        }
        const next = await save(u, row, { status: 'approved' });
        await ledger(u, 'send_failed', next, { settled: true, note: input.note });
        return view(next);
      });
    },

    /**
     * Sends through the gate. With the channel's live flag off the approved text is handed off
     * (exported, sent by hand) and recorded like a send. A live send is claimed first ('sending'),
     * delivered outside the transaction, then recorded as sent — or put back to 'approved' with
     * the provider's refusal recorded.
     */
    async send(id: string, input: VersionInput, p: Principal) {
      const gate = async (u: UnitContext) => {
        const row = await load(u, id, p, 'drafts.send');
        checkVersion(row, input.version);
        const [roles, outside] = await Promise.all([approverRoles(u.tx, row), ports.facts(u.tx, row)]);
        const decision = decideSend({
          draft: row,
          approverAllowed: row.approved_role !== null && roles.includes(row.approved_role),
          claimsOk: claimsOf(row).ok,
          freezeId: outside.freezeId,
          live: outside.live,
        });
        return { row, decision };
      };
      const refused = (row: DraftTable, d: Extract<GateDecision, { ok: false }>) =>
        conflict(d.code, d.message, d.field, { draft_id: row.id, check: d.code });

      const first = await inUnit(deps, actorName(p), async (u) => {
        const { row, decision } = await gate(u);
        if (!decision.ok) {
          await ledger(u, 'send_refused', row, { check: decision.code });
          if (decision.code === 'approval_changed')
            await ledger(u, 'tamper_suspected', row, { check: decision.code });
          return { row, decision, result: null };
        }
        if (decision.mode === 'handoff') {
          const next = await save(u, row, {
            status: 'sent',
            sent_by: u.actor,
            sent_at: u.now.toISOString(),
            send_mode: 'handoff',
          });
          await ledger(u, 'handed_off', next, {
            approved_by: row.approved_by,
            approved_at: row.approved_at,
            approved_hash: row.approved_hash,
          });
          if (isTicketReply(next)) await tickets.replySent(u, next.subject_id, next.id, 'handoff');
          return { row, decision, result: next };
        }
        const claimed = await save(u, row, { status: 'sending' });
        await ledger(u, 'sending', claimed, { approved_hash: row.approved_hash });
        return { row: claimed, decision, result: null };
      });
      if (!first.decision.ok) {
        if (first.decision.code === 'approval_changed')
          await openTamperIncident(deps, first.row, 'send_gate');
        throw refused(first.row, first.decision);
      }
      let sent = first.result;
      if (!sent) {
        let outcome: { provider_ref: string } | { error: DomainError };
        try {
          outcome = await ports.deliver(first.row);
        } catch (e) {
          outcome = {
            error:
              e instanceof DomainError
                ? e
                : upstream('delivery_failed', `The ${first.row.channel} provider did not take the message`),
          };
        }
        sent = await inUnit(deps, actorName(p), async (u) => {
          const row = (await repo.get(u.tx, id))!;
          if ('error' in outcome) {
            // A timeout may have delivered it: it stays 'sending' for a person to check, never resent blindly.
            const uncertain =
              (outcome.error as { retryable?: boolean }).retryable === false &&
              /timeout/.test(outcome.error.code);
            if (uncertain) {
              await ledger(u, 'send_uncertain', await save(u, row, { status: 'sending' }), {
                code: outcome.error.code,
              });
              return null;
            }
            // A freeze set while it was in flight withdraws the approval, as it would have before.
            const frozen = await activeFreezeFor(u.tx, {
              channel: row.channel,
              customer_id: row.customer_id,
            });
            const back = await save(
              u,
              row,
              frozen
                ? {
                    status: 'invalidated',
                    invalidated_reason: `freeze:${frozen.id}`,
                    approved_by: null,
                    approved_at: null,
                    approved_hash: null,
                    approved_role: null,
                  }
                : { status: 'approved' },
            );
            await ledger(u, 'send_failed', back, { code: outcome.error.code });
            if (frozen) await ledger(u, 'invalidated', back, { freeze_id: frozen.id });
            return null;
          }
          const next = await save(u, row, {
            status: 'sent',
            sent_by: u.actor,
            sent_at: u.now.toISOString(),
            send_mode: 'live',
            provider_ref: outcome.provider_ref,
          });
          await ledger(u, 'sent', next, {
            approved_by: row.approved_by,
            approved_at: row.approved_at,
            approved_hash: row.approved_hash,
            provider_ref: outcome.provider_ref,
          });
          if (isTicketReply(next)) await tickets.replySent(u, next.subject_id, next.id, 'live');
          return next;
        });
        if ('error' in outcome) throw outcome.error;
      }
      const next = sent!;
      const text = next.body_en ? `${next.body_ar}\n\n${next.body_en}` : next.body_ar;
      const phone = next.recipient ? normalizePhone(next.recipient) : null;
      return {
        draft: view(next),
        mode: next.send_mode as 'handoff' | 'live',
        handoff: {
          text,
          eml: next.channel === 'email' ? emlOf(next) : null,
          wa_me:
            next.channel === 'whatsapp' && phone !== null
              ? `https://wa.me/${waDigits(phone)}?text=${encodeURIComponent(text)}`
              : null,
        },
      };
    },
  };
}
