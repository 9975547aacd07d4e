/**
 * WhatsApp opt-ins: the documented consent of one number to receive a customer's WhatsApp
 * messages. A number is stored in E.164 so every way of writing it is one record; recording an
 * opt-in again after a revocation re-activates it; every change is a Ledger entry in the same
 * unit of work, with the number masked (the Ledger is kept forever, the number need not be).
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import type { WhatsappOptInTable } from '../../store/schema-outbound.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { actorName, authorizeFor, type Principal } from '../access/domain.js';
import { OPT_IN_SOURCE_TEXT } from './messages.js';
import { type Db, optInsRepo as repo } from './opt-ins-repository.js';
import { maskPhone, normalizePhone } from './phone.js';
import type { OptInSource, OptInView, RecordOptIn, RevokeOptIn } from './schema.js';

/** The send gate reads the connector's mode alongside the opt-in. */
export { connectorAllows, connectorModeFor } from './connector-mode.js';

export type OptInsDeps = Deps;

const customerNotFound = (id: string) => notFound('customer_not_found', `No customer with id "${id}"`, 'id');

function phoneOf(raw: string): string {
  const phone = normalizePhone(raw);
  if (phone === null)
    throw invalid(
      'invalid_phone',
      'phone must be a phone number in international form (+966501234567) or a Saudi number (0501234567)',
      'phone',
    );
  return phone;
}

function view(row: WhatsappOptInTable): OptInView {
  const text = OPT_IN_SOURCE_TEXT[row.source as OptInSource];
  return {
    id: row.id,
    customer_id: row.customer_id,
    phone: row.phone,
    phone_masked: maskPhone(row.phone),
    source: row.source,
    source_label_ar: text?.label_ar ?? row.source,
    evidence: row.evidence,
    status: row.revoked_at === null ? 'active' : 'revoked',
    recorded_at: row.recorded_at,
    recorded_by: row.recorded_by,
    revoked_at: row.revoked_at,
    revoked_by: row.revoked_by,
  };
}

/** Whether the number has an active opt-in with the customer; an unparsable number has none. */
export async function hasOptIn(db: Db, customer_id: string, phone: string): Promise<boolean> {
  const e164 = normalizePhone(phone);
  return e164 !== null && repo.hasActive(db, customer_id, e164);
}

export function optInsService(deps: OptInsDeps) {
  const assertCustomer = async (db: Db, id: string) => {
    if (!(await repo.customerExists(db, id))) throw customerNotFound(id);
  };
  const ledger = (u: UnitContext, action: string, row: WhatsappOptInTable, extra: Record<string, unknown>) =>
    u.record(action, row.id, { customer_id: row.customer_id, phone_masked: maskPhone(row.phone), ...extra });

  return {
    /**
     * Records an opt-in. `created` is false when the number already had an active one (returned
     * as it is); a revoked one is re-activated with the new source and evidence.
     */
    async record(
      customerId: string,
      input: RecordOptIn,
      p: Principal,
    ): Promise<{ opt_in: OptInView; created: boolean }> {
      authorizeFor(p, customerId, 'opt_ins.manage');
      const phone = phoneOf(input.phone);
      const evidence = input.evidence?.trim() ?? '';
      return inUnit(deps, actorName(p), async (u) => {
        await assertCustomer(u.tx, customerId);
        const at = u.now.toISOString();
        const existing = await repo.get(u.tx, customerId, phone);
        if (existing && existing.revoked_at === null) return { opt_in: view(existing), created: false };
        const fresh = { source: input.source, evidence, recorded_at: at, recorded_by: u.actor };
        if (existing) {
          if (!(await repo.reactivate(u.tx, existing.id, fresh)))
            throw conflict('opt_in_changed', 'The opt-in changed meanwhile; reload and retry', 'phone');
          const row = { ...existing, ...fresh, revoked_at: null, revoked_by: null };
          await ledger(u, 'opt_in.recorded', row, {
            source: row.source,
            has_evidence: evidence !== '',
            reactivated: true,
          });
          return { opt_in: view(row), created: true };
        }
        const row: WhatsappOptInTable = {
          id: newId('optin', u.now),
          customer_id: customerId,
          phone,
          ...fresh,
          revoked_at: null,
          revoked_by: null,
        };
        if (!(await repo.insertIfAbsent(u.tx, row))) {
          // Recorded by someone else a moment ago: theirs stands.
          const theirs = await repo.get(u.tx, customerId, phone);
          if (!theirs) throw conflict('opt_in_changed', 'The opt-in changed meanwhile; retry', 'phone');
          return { opt_in: view(theirs), created: false };
        }
        await ledger(u, 'opt_in.recorded', row, {
          source: row.source,
          has_evidence: evidence !== '',
          reactivated: false,
        });
        return { opt_in: view(row), created: true };
      });
    },

    async list(
      customerId: string,
      q: { status?: 'active' | 'revoked' | undefined; after?: string | undefined; limit: number },
      p: Principal,
    ) {
      authorizeFor(p, customerId, 'opt_ins.read');
      await assertCustomer(deps.store.db, customerId);
      const rows = await repo.list(deps.store.db, customerId, q);
      const last = rows.at(-1);
      return {
        opt_ins: rows.map(view),
        next_after: last && rows.length === q.limit ? last.phone : null,
      };
    },

    async revoke(customerId: string, rawPhone: string, input: RevokeOptIn, p: Principal): Promise<OptInView> {
      authorizeFor(p, customerId, 'opt_ins.manage');
      const phone = phoneOf(rawPhone);
      return inUnit(deps, actorName(p), async (u) => {
        await assertCustomer(u.tx, customerId);
        const row = await repo.get(u.tx, customerId, phone);
        if (!row)
          throw notFound(
            'opt_in_not_found',
            `No WhatsApp opt-in for ${maskPhone(phone)} with this customer`,
            'phone',
          );
        const at = u.now.toISOString();
        if (row.revoked_at !== null || !(await repo.revoke(u.tx, row.id, at, u.actor)))
          throw conflict('already_revoked', `The opt-in of ${maskPhone(phone)} is already revoked`, 'phone');
        const next = { ...row, revoked_at: at, revoked_by: u.actor };
        await ledger(u, 'opt_in.revoked', next, input.reason === undefined ? {} : { reason: input.reason });
        return view(next);
      });
    },
  };
}

export type OptInsService = ReturnType<typeof optInsService>;
