/**
 * Freezes of live actions: which scopes exist, what a freeze covers, who must agree to lift it,
 * and the channel-health thresholds that freeze a customer's channel on their own. Pure rules:
 * no I/O, no clock.
 */
import { conflict, invalid, round } from '../../lib/errors.js';
import { FREEZE_THRESHOLDS } from '../incidents/domain.js';

export const FREEZE_SCOPES = ['global', 'channel', 'customer', 'customer_channel'] as const;
export type FreezeScope = (typeof FREEZE_SCOPES)[number];
/** The channels a live action can leave through. */
export const FREEZE_CHANNELS = ['email', 'whatsapp', 'sms', 'in_app', 'export'] as const;
export type FreezeChannel = (typeof FREEZE_CHANNELS)[number];
export const FREEZE_STATUSES = ['active', 'lift_pending', 'lifted'] as const;
export type FreezeStatus = (typeof FREEZE_STATUSES)[number];
/** A freeze waiting for its second approver still freezes. */
export const FROZEN_STATUSES = ['active', 'lift_pending'] as const satisfies readonly FreezeStatus[];
export const FREEZE_SOURCES = ['manual', 'channel_metrics', 'incident', 'sla_verdict'] as const;
export type FreezeSource = (typeof FREEZE_SOURCES)[number];
export const REASON_MAX = 2000;

export interface ScopeInput {
  scope: FreezeScope;
  channel?: string | null | undefined;
  customer_id?: string | null | undefined;
}

/** What a freeze covers, with the fields its scope does not use set to null. */
export interface FreezeTarget {
  scope: FreezeScope;
  channel: FreezeChannel | null;
  customer_id: string | null;
}

const usesChannel = (s: FreezeScope) => s === 'channel' || s === 'customer_channel';
const usesCustomer = (s: FreezeScope) => s === 'customer' || s === 'customer_channel';

/**
 * A scope names exactly the fields it needs: a channel for channel scopes, a customer for customer
 * scopes, nothing else. A field given where it does not belong is refused rather than ignored, so
 * a freeze never covers less (or more) than its author meant.
 */
export function checkScope(input: ScopeInput): FreezeTarget {
  const { scope } = input;
  const channel = input.channel ?? null;
  const customer = input.customer_id ?? null;
  if (usesChannel(scope)) {
    if (channel === null)
      throw invalid('channel_required', `A ${scope} freeze needs a channel`, 'channel', {
        allowed: FREEZE_CHANNELS,
      });
    if (!(FREEZE_CHANNELS as readonly string[]).includes(channel))
      throw invalid('unknown_channel', `channel must be one of ${FREEZE_CHANNELS.join(', ')}`, 'channel', {
        allowed: FREEZE_CHANNELS,
      });
  } else if (channel !== null) {
    throw invalid('channel_not_allowed', `A ${scope} freeze takes no channel`, 'channel');
  }
  if (usesCustomer(scope)) {
    if (customer === null || customer.trim() === '')
      throw invalid('customer_id_required', `A ${scope} freeze needs a customer_id`, 'customer_id');
  } else if (customer !== null) {
    throw invalid('customer_id_not_allowed', `A ${scope} freeze takes no customer_id`, 'customer_id');
  }
  return {
    scope,
    channel: usesChannel(scope) ? (channel as FreezeChannel) : null,
    customer_id: usesCustomer(scope) ? customer : null,
  };
}

/** Whether a freeze stops a live action on `channel` for `customer_id` (the SQL mirrors this). */
export function covers(
  f: { scope: string; channel: string | null; customer_id: string | null },
  target: { channel: string; customer_id: string | null },
): boolean {
  switch (f.scope) {
    case 'global':
      return true;
    case 'channel':
      return f.channel === target.channel;
    case 'customer':
      return target.customer_id !== null && f.customer_id === target.customer_id;
    case 'customer_channel':
      return (
        target.customer_id !== null && f.customer_id === target.customer_id && f.channel === target.channel
      );
    default:
      return false;
  }
}

/** A global freeze, and any freeze raised by a SEV1 incident, takes two people to lift. */
export const needsSecondApprover = (scope: FreezeScope, source: FreezeSource) =>
  scope === 'global' || source === 'incident';

export type LiftStep = 'lift' | 'request' | 'second_approval';

/**
 * The next step of lifting: one call lifts an ordinary freeze; a two-person freeze first moves to
 * lift_pending, then a different person confirms. A lifted freeze has nothing left to lift.
 */
export function liftStep(f: { id: string; status: string; needs_second_approver: number }): LiftStep {
  if (f.status === 'lifted') throw conflict('already_lifted', `Freeze ${f.id} is already lifted`, 'id');
  if (f.status === 'lift_pending') return 'second_approval';
  return f.needs_second_approver === 1 ? 'request' : 'lift';
}

// ---------------------------------------------------------------------------------------------
// Channel health

export const METRICS = ['bounce', 'complaint', 'block'] as const;
export type Metric = (typeof METRICS)[number];
export type MetricStatus = 'ok' | 'warn' | 'freeze';

/** FREEZE_THRESHOLDS (the incident playbook's numbers, SPEC §5) in basis points (1/10,000). */
const bp = (rate: number) => Math.round(rate * 10_000);

/**
 * Thresholds in basis points so the comparison stays in integers: `count × 10,000 > sent × bp` is
 * exact where a float rate could land a hair either side of 0.003. Freezing is strictly above the
 * threshold; warning strictly above half of it.
 */
export const METRIC_RULES: Readonly<
  Record<
    Metric,
    { count: 'bounced' | 'complained' | 'blocked'; freeze_bp: number; channels: readonly string[] | null }
  >
> = {
  bounce: { count: 'bounced', freeze_bp: bp(FREEZE_THRESHOLDS.bounce_rate), channels: null },
  complaint: { count: 'complained', freeze_bp: bp(FREEZE_THRESHOLDS.complaint_rate), channels: null },
  block: { count: 'blocked', freeze_bp: bp(FREEZE_THRESHOLDS.whatsapp_block_rate), channels: ['whatsapp'] },
};
export const SENT_MAX = 1_000_000_000;

export interface MetricCounts {
  sent: number;
  bounced: number;
  complained: number;
  blocked: number;
}

export interface MetricResult {
  count: number;
  rate: number;
  threshold: number;
  warn_at: number;
  status: MetricStatus;
}

export type MetricsVerdict = Record<Metric, MetricResult | null>;

/** sent at least 1; every count a whole number no larger than sent. */
export function checkCounts(c: MetricCounts): void {
  if (!Number.isInteger(c.sent) || c.sent < 1 || c.sent > SENT_MAX)
    throw invalid('invalid_sent', `sent must be a whole number from 1 to ${SENT_MAX}`, 'sent');
  for (const field of ['bounced', 'complained', 'blocked'] as const) {
    const n = c[field];
    if (!Number.isInteger(n) || n < 0)
      throw invalid('invalid_count', `${field} must be a whole number of at least 0`, field);
    if (n > c.sent)
      throw invalid('count_exceeds_sent', `${field} (${n}) cannot exceed sent (${c.sent})`, field, {
        sent: c.sent,
        [field]: n,
      });
  }
}

export function statusOf(count: number, sent: number, freezeBp: number): MetricStatus {
  // Half the threshold: 2 × count × 10,000 > sent × bp keeps odd thresholds exact too.
  if (count * 10_000 > sent * freezeBp) return 'freeze';
  if (2 * count * 10_000 > sent * freezeBp) return 'warn';
  return 'ok';
}

/** Rates over one posted batch; the WhatsApp block rate is measured on WhatsApp only (else null). */
export function evaluateMetrics(channel: string, c: MetricCounts): MetricsVerdict {
  checkCounts(c);
  const one = (m: Metric): MetricResult | null => {
    const rule = METRIC_RULES[m];
    if (rule.channels && !rule.channels.includes(channel)) return null;
    const count = c[rule.count];
    return {
      count,
      rate: round(count / c.sent, 6),
      threshold: rule.freeze_bp / 10_000,
      warn_at: rule.freeze_bp / 20_000,
      status: statusOf(count, c.sent, rule.freeze_bp),
    };
  };
  return { bounce: one('bounce'), complaint: one('complaint'), block: one('block') };
}

const RANK: Record<MetricStatus, number> = { ok: 0, warn: 1, freeze: 2 };

/** The worst status of a verdict. */
export function overallStatus(v: MetricsVerdict): MetricStatus {
  let worst: MetricStatus = 'ok';
  for (const m of METRICS) {
    const r = v[m];
    if (r && RANK[r.status] > RANK[worst]) worst = r.status;
  }
  return worst;
}

/** The metrics at a given status, in a fixed order. */
export const metricsAt = (v: MetricsVerdict, status: MetricStatus): Metric[] =>
  METRICS.filter((m) => v[m]?.status === status);
