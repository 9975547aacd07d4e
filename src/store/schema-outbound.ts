/** Stored shape of the outbound tables (see migrations/0008_outbound.ts). */

export interface FreezeTable {
  id: string;
  /** 'global' | 'channel' | 'customer' | 'customer_channel'. */
  scope: string;
  channel: string | null;
  customer_id: string | null;
  reason: string;
  /** 'manual' | 'channel_metrics' | 'incident' | 'sla_verdict'. */
  source: string;
  /** What raised it: an incident id, a week label, a metrics row id. */
  source_ref: string | null;
  /** 'active' | 'lift_pending' (first approver asked to lift) | 'lifted'. */
  status: string;
  /** 1 when lifting needs a second approver (global or SEV1 freezes). */
  needs_second_approver: number;
  created_at: string;
  created_by: string;
  lift_requested_by: string | null;
  lift_requested_at: string | null;
  lift_reason: string | null;
  lifted_by: string | null;
  lifted_at: string | null;
  version: number;
}

export interface ChannelMetricsTable {
  id: string;
  customer_id: string;
  channel: string;
  sent: number;
  bounced: number;
  complained: number;
  blocked: number;
  period_start: string | null;
  period_end: string | null;
  recorded_at: string;
  recorded_by: string;
}

export interface WhatsappOptInTable {
  id: string;
  customer_id: string;
  /** E.164 digits with the leading '+', e.g. '+966501234567'. */
  phone: string;
  source: string;
  evidence: string;
  recorded_at: string;
  recorded_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface OutboundTables {
  freezes: FreezeTable;
  channel_metrics: ChannelMetricsTable;
  whatsapp_opt_ins: WhatsappOptInTable;
}
