/**
 * The approval queue: every text meant for a customer is a stored draft a human approves before it
 * leaves. An edit sends an approved draft back for approval; a draft with a prohibited claim cannot
 * be approved; sending goes through one gate (`sendGate`) and, while no channel is live, is a
 * hand-off — the approved text exported to be sent by hand — recorded like any send.
 *
 * Ticket replies also drive the ticket's SLA: their first approval and first send are timed there.
 */
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.js';
import type { DraftTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { actorName, authorize, type Principal } from '../access/domain.js';
import { checkClaims } from '../claims/guard.js';
import { TICKET_REPLY_KINDS, ticketsService } from '../tickets/service.js';
import { draftsRepo as repo } from './repository.js';
import type { DraftView, EditDraft, RejectInput, VersionInput } from './schema.js';

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

const isTicketReply = (d: DraftTable) =>
  d.subject_type === 'ticket' && (TICKET_REPLY_KINDS as readonly string[]).includes(d.kind);

/** RFC 5322 text of an email hand-off (UTF-8, base64 body). */
function emlOf(d: DraftTable): string {
  const text = d.body_en ? `${d.body_ar}\n\n${d.body_en}` : d.body_ar;
  return [
    `To: ${d.recipient ?? ''}`,
    `Subject: =?UTF-8?B?${Buffer.from('Dealix').toString('base64')}?=`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '',
  ].join('\r\n');
}

export function draftsService(deps: Deps) {
  const tickets = ticketsService(deps);

  const load = async (
    u: UnitContext | null,
    id: string,
    p: Principal,
    action: Parameters<typeof authorize>[1],
  ) => {
    const row = await repo.get(u ? u.tx : deps.store.db, id);
    if (!row || (p.role === 'customer' && p.customer_id !== row.customer_id)) throw draftNotFound(id);
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

  /** Who may approve: P0 ticket replies need the founder; other drafts any staff member. */
  const assertApprover = async (u: UnitContext, d: DraftTable, p: Principal) => {
    if (d.subject_type !== 'ticket') return;
    const t = await u.tx
      .selectFrom('tickets')
      .select('priority')
      .where('id', '=', d.subject_id)
      .executeTakeFirst();
    if (t?.priority === 'P0' && p.role !== 'founder')
      throw forbidden('A reply on a P0 ticket needs the founder’s approval', 'founder_approval_required');
  };

  /**
   * The single send gate: every check in order, each refusal naming the check. With no live
   * channel the only way out is a hand-off.
   */
  const sendGate = (d: DraftTable): 'handoff' => {
    if (d.status === 'sent') throw conflict('already_sent', `Draft ${d.id} was already sent`, 'id');
    if (d.status !== 'approved' || d.approved_at === null)
      throw conflict(
        'not_approved',
        `Draft ${d.id} is ${d.status}; only an approved, unchanged draft can be sent`,
        'id',
      );
    const claims = claimsOf(d);
    if (!claims.ok)
      throw conflict('prohibited_claim', `Draft ${d.id} makes a prohibited claim`, 'body_ar', {
        matches: claims.matches,
      });
    return 'handoff';
  };

  return {
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
      const rows = await repo.list(deps.store.db, {
        ...q,
        after: q.after ? decodeCursor(q.after) : undefined,
      });
      const last = rows.at(-1);
      return {
        drafts: rows.map(view),
        next_after: last && rows.length === q.limit ? encodeCursor(last.created_at, last.id) : null,
      };
    },

    async get(id: string, p: Principal) {
      return view(await load(null, id, p, 'drafts.read'));
    },

    /** Edits a pending or approved draft; an approved one goes back to pending (fresh approval). */
    async edit(id: string, input: EditDraft, p: Principal) {
      if (input.body_ar === undefined && input.body_en === undefined)
        throw invalid('nothing_to_change', 'Give body_ar and/or body_en', 'body_ar');
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.approve');
        checkVersion(row, input.version);
        if (row.status !== 'pending' && row.status !== 'approved')
          throw conflict('not_editable', `Draft ${id} is ${row.status} and can no longer be edited`, 'id');
        const wasApproved = row.status === 'approved';
        const next = await save(u, row, {
          ...(input.body_ar === undefined ? {} : { body_ar: input.body_ar }),
          ...(input.body_en === undefined ? {} : { body_en: input.body_en }),
          status: 'pending',
          approved_by: null,
          approved_at: null,
        });
        await ledger(u, 'edited', next, { approval_invalidated: wasApproved, claims_ok: claimsOf(next).ok });
        return view(next);
      });
    },

    async approve(id: string, input: VersionInput, p: Principal) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.approve');
        checkVersion(row, input.version);
        if (row.status !== 'pending')
          throw conflict(
            'not_pending',
            `Draft ${id} is ${row.status}; only a pending draft can be approved`,
            'id',
          );
        await assertApprover(u, row, p);
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
        const next = await save(u, row, {
          status: 'approved',
          approved_by: u.actor,
          approved_at: u.now.toISOString(),
        });
        await ledger(u, 'approved', next);
        if (isTicketReply(next)) await tickets.replyApproved(u, next.subject_id, next.id);
        return view(next);
      });
    },

    async reject(id: string, input: RejectInput, p: Principal) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.reject');
        checkVersion(row, input.version);
        if (row.status !== 'pending' && row.status !== 'approved')
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

    /** Sends through the gate; with no live channel, exports it for sending by hand. */
    async send(id: string, input: VersionInput, p: Principal) {
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id, p, 'drafts.send');
        checkVersion(row, input.version);
        const mode = sendGate(row);
        const next = await save(u, row, {
          status: 'sent',
          sent_by: u.actor,
          sent_at: u.now.toISOString(),
          send_mode: mode,
        });
        await ledger(u, 'handed_off', next, { approved_by: row.approved_by, approved_at: row.approved_at });
        if (isTicketReply(next)) await tickets.replySent(u, next.subject_id, next.id, mode);
        const text = next.body_en ? `${next.body_ar}\n\n${next.body_en}` : next.body_ar;
        const phone = next.recipient?.replace(/[^0-9]/g, '') ?? '';
        return {
          draft: view(next),
          mode,
          handoff: {
            text,
            eml: next.channel === 'email' ? emlOf(next) : null,
            wa_me:
              next.channel === 'whatsapp' && phone.length >= 8
                ? `https://wa.me/${phone}?text=${encodeURIComponent(text)}`
                : null,
          },
        };
      });
    },
  };
}
