/**
 * Who may do what. The matrix below is the single source: routes ask it, and docs/ROLES.md shows
 * it (a test checks the two agree). A customer user sees only its own customer's records; anything
 * else answers 404, so a foreign record's existence never leaks.
 */
import { DomainError, notFound } from '../../lib/errors.js';

export const ROLES = ['founder', 'operator_oncall', 'operator_team', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  user_id: string;
  role: Role;
  customer_id: string | null;
  key_id: string;
}

const STAFF: readonly Role[] = ['founder', 'operator_oncall', 'operator_team'];
const ALL: readonly Role[] = ROLES;

export const PERMISSIONS = {
  'compat.use': ALL,
  'customers.create': STAFF,
  'customers.list': ALL,
  'customers.read': ALL,
  'customers.update': STAFF,
  'onboarding.read': ALL,
  'onboarding.complete_step': ALL,
  'onboarding.approve_step': STAFF,
  'connectors.read': ALL,
  'connectors.update': STAFF,
  'success.read': ALL,
  'ledger.read': STAFF,
  'ledger.verify': STAFF,
  'tickets.create': ALL,
  'tickets.list': ALL,
  'tickets.read': ALL,
  'tickets.raise_priority': ALL,
  'tickets.record_event': STAFF,
  'tickets.resolve': STAFF,
  'tickets.confirm': ALL,
  'incidents.create': STAFF,
  'incidents.list': STAFF,
  'incidents.read': STAFF,
  'incidents.check_step': STAFF,
  'incidents.post_update': STAFF,
  'incidents.change_status': STAFF,
  'tickets.change_status': ALL,
  'drafts.list': ALL,
  'drafts.read': ALL,
  'drafts.approve': ALL,
  'drafts.reject': ALL,
  'drafts.send': STAFF,
  'sla_calendar.read': STAFF,
  'sla_calendar.manage': ['founder'],
  'sla_policies.read': STAFF,
  'sla_policies.manage': ['founder'],
  'reports.sla': STAFF,
  'notifications.read': ALL,
  'drafts.create': STAFF,
  'drafts.audit': ['founder', 'operator_oncall'],
  'drafts.settle': ['founder'],
  'freezes.list': STAFF,
  'freezes.manage': ['founder'],
  'freezes.second_approve': ['founder', 'operator_oncall'],
  'channels.post_metrics': STAFF,
  'opt_ins.read': STAFF,
  'opt_ins.manage': STAFF,
  'api_keys.create': ['founder'],
  'users.set_password': ['founder'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof PERMISSIONS;

export function can(p: Principal, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(p.role);
}

export function authorize(p: Principal, action: Action): void {
  if (!can(p, action)) {
    throw new DomainError('forbidden', 'forbidden', `Your role (${p.role}) may not do ${action}`);
  }
}

/** Scope first (a foreign record is simply not there), then role. */
export function authorizeFor(p: Principal, customerId: string, action: Action): void {
  if (p.role === 'customer' && p.customer_id !== customerId) {
    throw notFound('customer_not_found', `No customer with id "${customerId}"`, 'id');
  }
  authorize(p, action);
}

/** The name written in the Ledger for a principal. */
export const actorName = (p: Principal) => p.user_id;
