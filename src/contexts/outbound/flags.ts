/**
 * Which outbound channels may ever act live, and the settings their adapters need. Every channel
 * is off by default: a channel goes live only when its flag is exactly 'true' and its adapter is
 * configured — and even then each send still passes the gate (approval, claims, connector mode,
 * opt-in, freezes). Parsed once at start; secrets stay inside the returned object and never show
 * in JSON, logs or problems.
 */
import { inspect } from 'node:util';
import type { ConnectorKey } from '../connectors/domain.js';

export const OUTBOUND_CHANNELS = ['email', 'whatsapp', 'sms', 'in_app', 'export'] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

export const isOutboundChannel = (c: string): c is OutboundChannel =>
  (OUTBOUND_CHANNELS as readonly string[]).includes(c);

export interface ChannelLive {
  /** The environment flag that must be 'true' for a live send; null when there is no live path. */
  flag: string | null;
  /** The customer's connector whose mode decides whether a send may go out; null when none. */
  connector: ConnectorKey | null;
}

/**
 * Channel → its live flag and connector. Email is sent over SMTP but governed by the customer's
 * Gmail connector. SMS has a flag but no connector in the catalog, so no customer can ever allow it:
 * it is never live. In-app messages and exports are always hand-offs.
 */
export const CHANNEL_LIVE: Readonly<Record<OutboundChannel, ChannelLive>> = Object.freeze({
  email: { flag: 'GMAIL_ALLOW_LIVE_SEND', connector: 'gmail' },
  whatsapp: { flag: 'WHATSAPP_ALLOW_LIVE_SEND', connector: 'whatsapp_cloud' },
  sms: { flag: 'SMS_ALLOW_LIVE_SEND', connector: null },
  in_app: { flag: null, connector: null },
  export: { flag: null, connector: null },
});

export interface SmtpConfig {
  /** smtp://user:pass@host:port or smtps://… — holds the password. */
  readonly url: string;
  /** The From address, e.g. 'Dealix <ops@dealix.sa>'. */
  readonly from: string;
}

export interface WhatsAppConfig {
  readonly api_base: string;
  readonly api_version: string;
  /** Cloud API access token — a secret. */
  readonly token: string;
  readonly phone_number_id: string;
}

export interface ConfigProblem {
  /** The environment variable at fault. */
  variable: string;
  /** 'error': the value is malformed and its adapter is off; 'warning': set but without effect. */
  severity: 'error' | 'warning';
  message: string;
}

export interface OutboundConfig {
  /** Each channel's flag as set (only the exact string 'true' is on). */
  readonly flags: Readonly<Record<OutboundChannel, boolean>>;
  readonly smtp: SmtpConfig | null;
  readonly whatsapp: WhatsAppConfig | null;
  /** What is wrong or without effect in the environment; never contains a secret. */
  readonly problems: readonly ConfigProblem[];
}

export const WHATSAPP_DEFAULT_BASE = 'https://graph.facebook.com';
export const WHATSAPP_DEFAULT_VERSION = 'v21.0';

/** The variables this module reads, for documentation and start-up messages. */
export const OUTBOUND_ENV = [
  'GMAIL_ALLOW_LIVE_SEND',
  'WHATSAPP_ALLOW_LIVE_SEND',
  'SMS_ALLOW_LIVE_SEND',
  'SMTP_URL',
  'SMTP_FROM',
  'WHATSAPP_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_API_BASE',
  'WHATSAPP_API_VERSION',
] as const;

/** An SMTP URL with its credentials hidden: safe to show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const auth = u.username || u.password ? '***@' : '';
    return `${u.protocol}//${auth}${u.host}`;
  } catch {
    return '[invalid url]';
  }
}

/**
 * Freezes a settings object whose JSON and console form is `shown`, so a settings object that ends
 * up in a log line or a response carries no secret.
 */
function guarded<T extends object>(value: T, shown: Record<string, unknown>): Readonly<T> {
  Object.defineProperty(value, 'toJSON', { value: () => shown, enumerable: false });
  Object.defineProperty(value, inspect.custom, { value: () => shown, enumerable: false });
  return Object.freeze(value);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseSmtp(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): SmtpConfig | null {
  const url = env.SMTP_URL?.trim();
  const from = env.SMTP_FROM?.trim();
  if (!url && !from) return null;
  if (!url) {
    problems.push({
      variable: 'SMTP_URL',
      severity: 'error',
      message: 'SMTP_FROM is set but SMTP_URL is not',
    });
    return null;
  }
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || !parsed.hostname) {
    // The value is not echoed: it may hold a password.
    problems.push({
      variable: 'SMTP_URL',
      severity: 'error',
      message: 'SMTP_URL must look like smtp://user:pass@host:port or smtps://user:pass@host:port',
    });
    return null;
  }
  if (!from) {
    problems.push({
      variable: 'SMTP_FROM',
      severity: 'error',
      message: 'SMTP_URL is set but SMTP_FROM is not',
    });
    return null;
  }
  if (from.length > 320 || /[\r\n]/.test(from) || !/@[^@\s>]+\.[^@\s>]+>?$/.test(from)) {
    problems.push({
      variable: 'SMTP_FROM',
      severity: 'error',
      message: 'SMTP_FROM must be an address, e.g. ops@dealix.sa or "Dealix <ops@dealix.sa>"',
    });
    return null;
  }
  return guarded({ url, from }, { url: redactUrl(url), from });
}

function parseWhatsApp(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): WhatsAppConfig | null {
  const token = env.WHATSAPP_TOKEN?.trim() ?? '';
  const id = env.WHATSAPP_PHONE_NUMBER_ID?.trim() ?? '';
  const base = (env.WHATSAPP_API_BASE?.trim() || WHATSAPP_DEFAULT_BASE).replace(/\/+$/, '');
  const version = env.WHATSAPP_API_VERSION?.trim() || WHATSAPP_DEFAULT_VERSION;
  if (!token && !id) return null;
  let ok = true;
  const bad = (variable: string, message: string) => {
    problems.push({ variable, severity: 'error', message });
    ok = false;
  };
  if (!token) bad('WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID is set but WHATSAPP_TOKEN is not');
  else if (/\s/.test(token)) bad('WHATSAPP_TOKEN', 'WHATSAPP_TOKEN must not contain spaces');
  if (!id) bad('WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_TOKEN is set but WHATSAPP_PHONE_NUMBER_ID is not');
  else if (!/^[0-9]{5,25}$/.test(id))
    bad('WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_PHONE_NUMBER_ID must be the numeric id of the sending number');
  if (!/^v[0-9]{1,3}\.[0-9]{1,3}$/.test(version))
    bad('WHATSAPP_API_VERSION', `WHATSAPP_API_VERSION must look like ${WHATSAPP_DEFAULT_VERSION}`);
  let u: URL | null = null;
  try {
    u = new URL(base);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.search)
    bad('WHATSAPP_API_BASE', 'WHATSAPP_API_BASE must be an https:// URL without credentials or query');
  else if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname))
    // The token travels in a header: plain http only to this machine.
    bad('WHATSAPP_API_BASE', 'WHATSAPP_API_BASE must use https:// (http:// only for localhost)');
  if (!ok) return null;
  const shown = { api_base: base, api_version: version, phone_number_id: id, token: '[redacted]' };
  return guarded({ api_base: base, api_version: version, token, phone_number_id: id }, shown);
}

/**
 * Reads the outbound settings from the environment. Never throws: a malformed value turns its
 * adapter off and is listed in `problems` (by variable name, never by secret value), so start-up
 * can decide whether to stop.
 */
export function loadOutboundConfig(env: NodeJS.ProcessEnv = process.env): OutboundConfig {
  const problems: ConfigProblem[] = [];
  const flags = {} as Record<OutboundChannel, boolean>;
  for (const channel of OUTBOUND_CHANNELS) {
    const name = CHANNEL_LIVE[channel].flag;
    const raw = name === null ? undefined : env[name];
    flags[channel] = raw === 'true';
    if (name !== null && raw !== undefined && raw !== 'true' && raw !== 'false' && raw !== '') {
      problems.push({
        variable: name,
        severity: 'warning',
        message: `${name} is "${raw.slice(0, 20)}"; only the exact value "true" turns it on, so it is off`,
      });
    }
  }
  const smtp = parseSmtp(env, problems);
  const whatsapp = parseWhatsApp(env, problems);
  const adapters: Record<OutboundChannel, boolean> = {
    email: smtp !== null,
    whatsapp: whatsapp !== null,
    sms: false,
    in_app: false,
    export: false,
  };
  for (const channel of OUTBOUND_CHANNELS) {
    const { flag, connector } = CHANNEL_LIVE[channel];
    if (!flags[channel] || flag === null) continue;
    if (connector === null) {
      problems.push({
        variable: flag,
        severity: 'warning',
        message: `${flag} is on but ${channel} has no connector a customer could allow, so it is never sent live; every ${channel} send stays a hand-off`,
      });
    } else if (!adapters[channel]) {
      problems.push({
        variable: flag,
        severity: 'warning',
        message: `${flag} is on but ${adapterVariables(channel).join(' and ')} are not both set correctly: live sends will be refused (adapter_not_configured)`,
      });
    }
  }
  return Object.freeze({
    flags: Object.freeze(flags),
    smtp,
    whatsapp,
    problems: Object.freeze(problems),
  });
}

/** The variables the adapter of a channel needs. */
function adapterVariables(channel: OutboundChannel): string[] {
  if (channel === 'email') return ['SMTP_URL', 'SMTP_FROM'];
  if (channel === 'whatsapp') return ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'];
  return [];
}

/** Whether the channel's delivery adapter has its settings. */
export function adapterConfigured(config: OutboundConfig, channel: OutboundChannel): boolean {
  if (channel === 'email') return config.smtp !== null;
  if (channel === 'whatsapp') return config.whatsapp !== null;
  return false;
}

export type NotLiveReason = 'no_live_path' | 'flag_off' | 'no_connector' | 'adapter_not_configured';

/**
 * Whether a channel can send live at all, before anything about the draft or the customer is
 * known; the reason names the first check that fails, in the gate's order.
 */
export function livePath(
  config: OutboundConfig,
  channel: OutboundChannel,
): { live: true; connector: ConnectorKey } | { live: false; reason: NotLiveReason } {
  const { flag, connector } = CHANNEL_LIVE[channel];
  if (flag === null) return { live: false, reason: 'no_live_path' };
  if (!config.flags[channel]) return { live: false, reason: 'flag_off' };
  if (connector === null) return { live: false, reason: 'no_connector' };
  if (!adapterConfigured(config, channel)) return { live: false, reason: 'adapter_not_configured' };
  return { live: true, connector };
}

export interface ChannelStatus {
  channel: OutboundChannel;
  flag_name: string | null;
  flag_on: boolean;
  /** A send on this channel can go out live (each send still passes the whole gate). */
  live: boolean;
  adapter_configured: boolean;
  connector: ConnectorKey | null;
  /** Why it is not live; null when it is. */
  reason: NotLiveReason | null;
}

/** Every channel's live status: what an operator needs to know, and no secret. */
export function channelStatuses(config: OutboundConfig): ChannelStatus[] {
  return OUTBOUND_CHANNELS.map((channel) => {
    const path = livePath(config, channel);
    return {
      channel,
      flag_name: CHANNEL_LIVE[channel].flag,
      flag_on: config.flags[channel],
      live: path.live,
      adapter_configured: adapterConfigured(config, channel),
      connector: CHANNEL_LIVE[channel].connector,
      reason: path.live ? null : path.reason,
    };
  });
}
