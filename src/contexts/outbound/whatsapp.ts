/**
 * The live WhatsApp adapter: one text message through the WhatsApp Cloud API
 * (POST {base}/{version}/{phone-number-id}/messages with a bearer token). Reached only through
 * deliver(), itself reached only through the send gate, which has already checked the number's
 * opt-in. Failures become a DeliveryError carrying the API's own code; the token never appears.
 */
import { DeliveryError, scrub } from './delivery-error.js';
import type { WhatsAppConfig } from './flags.js';
import { normalizePhone, waDigits } from './phone.js';

export interface WhatsAppMessage {
  to: string;
  body: string;
}

export const WHATSAPP_TIMEOUT_MS = 15_000;
/** The Cloud API's limit for a text message body. */
export const WHATSAPP_TEXT_MAX = 4096;

/** The request body of a plain text message, as the Cloud API documents it. */
export function textMessageBody(toE164: string, body: string) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: waDigits(toE164),
    type: 'text',
    text: { preview_url: false, body },
  } as const;
}

interface ApiError {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  error_data?: { details?: unknown };
  fbtrace_id?: unknown;
}

/** Throttling and capacity codes: the same message may go through later. */
const RATE_LIMITED = new Set([4, 80007, 130429, 131048, 131056]);
/** Temporary failures on the API's side. */
const TRANSIENT = new Set([1, 2, 131000, 131016]);
/** What an operator should know about the codes that come up most in approval-first use. */
const HINTS: Record<number, string> = {
  131047:
    'more than 24 hours since the recipient last wrote: only an approved template message may be sent now',
  131026: 'the number cannot receive this message (not on WhatsApp, or an old app)',
  131030: 'the number is not in the allowed list of this test sending number',
  190: 'the access token is invalid or expired',
};

function apiError(status: number, payload: unknown, token: string): DeliveryError {
  const e = ((payload as { error?: ApiError } | null)?.error ?? null) as ApiError | null;
  const apiCode = typeof e?.code === 'number' ? e.code : null;
  const base = { provider: 'whatsapp_cloud' as const };
  if (!e || apiCode === null) {
    return new DeliveryError('whatsapp_rejected', `WhatsApp Cloud API answered HTTP ${status}`, {
      ...base,
      provider_code: `http_${status}`,
      retryable: status >= 500 || status === 429,
    });
  }
  const parts = [typeof e.message === 'string' ? e.message : 'error'];
  if (typeof e.error_data?.details === 'string') parts.push(e.error_data.details);
  const hint = HINTS[apiCode];
  if (hint) parts.push(hint);
  const message = scrub(`WhatsApp Cloud API error ${apiCode}: ${parts.join(' — ')}`, [token], 500);
  const details = { ...base, provider_code: apiCode };
  if (status === 401 || apiCode === 190) return new DeliveryError('whatsapp_auth_failed', message, details);
  if (status === 429 || RATE_LIMITED.has(apiCode))
    return new DeliveryError('whatsapp_rate_limited', message, { ...details, retryable: true });
  return new DeliveryError('whatsapp_rejected', message, {
    ...details,
    retryable: status >= 500 || TRANSIENT.has(apiCode),
  });
}

/**
 * Sends one text message and returns the API's message id (wamid…) as the provider reference.
 *
 * @example await sendWhatsApp(cfg.whatsapp, { to: '0501234567', body: 'مرحبا' })
 */
export async function sendWhatsApp(
  cfg: WhatsAppConfig | null,
  msg: WhatsAppMessage,
  opts: { timeoutMs?: number } = {},
): Promise<{ provider_ref: string }> {
  if (!cfg)
    throw new DeliveryError(
      'adapter_not_configured',
      'WhatsApp is not configured (WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID)',
    );
  const to = normalizePhone(msg.to);
  if (to === null)
    throw new DeliveryError('invalid_recipient', 'The recipient must be a phone number', {}, 'recipient');
  if (msg.body.length === 0 || msg.body.length > WHATSAPP_TEXT_MAX)
    throw new DeliveryError(
      'message_too_long',
      `A WhatsApp text must have 1 to ${WHATSAPP_TEXT_MAX} characters (this one has ${msg.body.length})`,
      {},
      'body_ar',
    );
  const url = `${cfg.api_base}/${cfg.api_version}/${encodeURIComponent(cfg.phone_number_id)}/messages`;
  const base = { provider: 'whatsapp_cloud' as const };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${cfg.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(textMessageBody(to, msg.body)),
      // A redirect would carry the token elsewhere.
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? WHATSAPP_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      throw new DeliveryError(
        'whatsapp_timeout',
        'WhatsApp Cloud API did not answer in time; the message may have been sent',
        { ...base, retryable: false },
      );
    throw new DeliveryError(
      'whatsapp_unreachable',
      `Could not reach WhatsApp Cloud API${e.cause?.code ? ` (${e.cause.code})` : ''}`,
      { ...base, provider_code: e.cause?.code ?? null, retryable: true },
    );
  }
  let payload: unknown = null;
  try {
    payload = JSON.parse(await res.text());
  } catch {
    payload = null;
  }
  if (!res.ok) throw apiError(res.status, payload, cfg.token);
  const id = (payload as { messages?: Array<{ id?: unknown }> } | null)?.messages?.[0]?.id;
  if (typeof id !== 'string' || id.length === 0)
    throw new DeliveryError(
      'whatsapp_bad_response',
      'WhatsApp Cloud API accepted the request but returned no message id',
      base,
    );
  return { provider_ref: id };
}
