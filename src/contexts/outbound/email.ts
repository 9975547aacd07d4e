/**
 * The live email adapter: one message over SMTP with nodemailer. Reached only through deliver(),
 * itself reached only through the send gate. The transport is made once per SMTP URL and reused;
 * every step has a time limit; failures become a DeliveryError with no credential in it.
 */
import { createTransport } from 'nodemailer';
import type { SMTPSentMessageInfo } from 'nodemailer/lib/smtp-transport';
import { DeliveryError, scrub } from './delivery-error.js';
import type { SmtpConfig } from './flags.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Time limits (ms): to connect, to get the greeting, of silence on the socket, for the whole send. */
export const SMTP_TIMEOUTS = { connection: 10_000, greeting: 10_000, socket: 30_000, send: 60_000 };

/** One plain address, no display name, no list: a draft goes to exactly one recipient. */
const ADDRESS = /^[^\s@,;:<>"()[\]\\]{1,64}@[^\s@,;:<>"()[\]\\]+\.[^\s@,;:<>"()[\]\\]{2,}$/;
export const isEmailAddress = (s: string) => s.length <= 254 && ADDRESS.test(s);

function makeTransport(url: string) {
  return createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUTS.connection,
    greetingTimeout: SMTP_TIMEOUTS.greeting,
    socketTimeout: SMTP_TIMEOUTS.socket,
    // The message is plain text we wrote: nothing may be read from files or fetched from URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
type Transporter = ReturnType<typeof makeTransport>;

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = makeTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Closes every cached transport (at shutdown, and between tests). */
export function closeEmailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** The words that must never appear in an error: the URL, and its user and password. */
function secretsOf(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
    if (u.username) out.push(u.username, decodeURIComponent(u.username));
  } catch {
    // an unparsable URL is still scrubbed as a whole
  }
  return out;
}

interface SmtpFailure extends Error {
  code?: string;
  originalCode?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
}

const UNREACHABLE = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Maps a nodemailer failure to a DeliveryError; the provider's text is kept only once scrubbed. */
export function smtpError(err: unknown, url: string): DeliveryError {
  const e = (err ?? {}) as SmtpFailure;
  const secrets = secretsOf(url);
  const said = (text: string | undefined) => scrub(text ?? e.message ?? 'no detail', secrets);
  const code = e.code ?? '';
  const base = { provider: 'smtp' as const };
  if (code === 'EAUTH' || code === 'ENOAUTH')
    return new DeliveryError('smtp_auth_failed', `The mail server refused the login: ${said(e.response)}`, {
      ...base,
      provider_code: e.responseCode ?? code,
    });
  if (code === 'ETLS' || code === 'EREQUIRETLS')
    return new DeliveryError(
      'smtp_tls_failed',
      `A secure connection to the mail server failed: ${said(undefined)}`,
      {
        ...base,
        provider_code: code,
        retryable: true,
      },
    );
  if (code === 'ETIMEDOUT' || code === 'EABORT')
    // It may have stopped after accepting the message: sending again could send it twice.
    return new DeliveryError(
      'smtp_timeout',
      'The mail server did not answer in time; check before sending again',
      {
        ...base,
        provider_code: code,
      },
    );
  if (e.responseCode !== undefined || code === 'EENVELOPE' || code === 'EMESSAGE')
    return new DeliveryError('smtp_rejected', `The mail server refused the message: ${said(e.response)}`, {
      ...base,
      provider_code: e.responseCode ?? code,
      retryable: e.permanent === false,
    });
  if (UNREACHABLE.has(code) || UNREACHABLE.has(e.originalCode ?? ''))
    return new DeliveryError('smtp_unreachable', `Could not reach the mail server: ${said(undefined)}`, {
      ...base,
      provider_code: e.originalCode ?? code,
      retryable: true,
    });
  return new DeliveryError('smtp_failed', `Sending the email failed: ${said(undefined)}`, {
    ...base,
    provider_code: code || null,
  });
}

/**
 * Sends one plain-text UTF-8 email (Arabic bodies and subjects included) and returns the
 * Message-ID as the provider reference.
 *
 * @example await sendEmail(cfg.smtp, { to: 'ops@afaq.sa', subject: 'رد — Reply', text: 'مرحبا' })
 */
export async function sendEmail(
  smtp: SmtpConfig | null,
  msg: EmailMessage,
): Promise<{ provider_ref: string }> {
  if (!smtp)
    throw new DeliveryError('adapter_not_configured', 'Email is not configured (SMTP_URL and SMTP_FROM)');
  const to = msg.to.trim();
  if (!isEmailAddress(to))
    throw new DeliveryError('invalid_recipient', 'The recipient must be one email address', {}, 'recipient');
  let info: SMTPSentMessageInfo;
  try {
    info = await transportFor(smtp.url).sendMail({
      from: smtp.from,
      to,
      subject: msg.subject.replace(/[\r\n]+/g, ' '),
      text: msg.text,
      signal: AbortSignal.timeout(SMTP_TIMEOUTS.send),
    });
  } catch (err) {
    throw smtpError(err, smtp.url);
  }
  if (info.rejected.length > 0)
    throw new DeliveryError('smtp_rejected', 'The mail server refused the recipient', {
      provider: 'smtp',
      provider_code: null,
    });
  return { provider_ref: info.messageId };
}
