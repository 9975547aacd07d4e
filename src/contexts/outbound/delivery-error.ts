/**
 * Why a live delivery did not happen, with a stable code. A provider's failure (mail server,
 * WhatsApp Cloud API) is an upstream error (502); a message the adapter refuses before calling
 * anyone (a bad recipient, no adapter) is the caller's to fix. Messages never carry a credential.
 */
import { DomainError, type ErrorKind } from '../../lib/errors.js';

export const DELIVERY_CODES = {
  /** No live path, or the flag is off: deliver() refuses even if the gate was skipped. */
  channel_not_live: 'conflict',
  adapter_not_configured: 'conflict',
  invalid_recipient: 'unprocessable',
  message_too_long: 'unprocessable',
  smtp_rejected: 'upstream',
  smtp_auth_failed: 'upstream',
  smtp_unreachable: 'upstream',
  smtp_timeout: 'upstream',
  smtp_tls_failed: 'upstream',
  smtp_failed: 'upstream',
  whatsapp_rejected: 'upstream',
  whatsapp_auth_failed: 'upstream',
  whatsapp_rate_limited: 'upstream',
  whatsapp_unreachable: 'upstream',
  whatsapp_timeout: 'upstream',
  whatsapp_bad_response: 'upstream',
} as const satisfies Record<string, ErrorKind>;
export type DeliveryCode = keyof typeof DELIVERY_CODES;

export type Provider = 'smtp' | 'whatsapp_cloud';

export interface DeliveryDetails {
  provider: Provider | null;
  /** The provider's own code: an SMTP reply code, or the Cloud API's error code. */
  provider_code: string | number | null;
  /** Whether the same message may succeed if tried again later. */
  retryable: boolean;
}

export class DeliveryError extends DomainError {
  declare readonly code: DeliveryCode;
  readonly provider: Provider | null;
  readonly provider_code: string | number | null;
  readonly retryable: boolean;

  constructor(code: DeliveryCode, message: string, details: Partial<DeliveryDetails> = {}, field?: string) {
    const d: DeliveryDetails = {
      provider: details.provider ?? null,
      provider_code: details.provider_code ?? null,
      retryable: details.retryable ?? false,
    };
    super(DELIVERY_CODES[code], code, message, field, d);
    this.name = 'DeliveryError';
    this.provider = d.provider;
    this.provider_code = d.provider_code;
    this.retryable = d.retryable;
  }
}

/**
 * Removes every occurrence of the given secrets (and their URL-encoded forms) from a text a
 * provider or library produced, and bounds its length.
 */
export function scrub(text: string, secrets: readonly string[], max = 300): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
