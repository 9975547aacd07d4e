/**
 * Live delivery of one approved draft by its channel's adapter. Only the send gate calls this,
 * after its own checks; deliver() still refuses a channel whose flag is off or whose adapter has
 * no settings, so no other path can send live by mistake.
 */
import { DeliveryError } from './delivery-error.js';
import { sendEmail } from './email.js';
import { isOutboundChannel, livePath, type OutboundConfig } from './flags.js';
import { emailSubjectFor } from './messages.js';
import { sendWhatsApp } from './whatsapp.js';

export interface DeliverableDraft {
  channel: string;
  recipient: string | null;
  body_ar: string;
  body_en: string | null;
  /** Picks the email subject; a generic one when absent. */
  kind?: string | undefined;
}

/** What the recipient reads: the Arabic text first, then the English one when there is one. */
export const messageText = (d: Pick<DeliverableDraft, 'body_ar' | 'body_en'>) =>
  d.body_en ? `${d.body_ar}\n\n${d.body_en}` : d.body_ar;

export async function deliver(
  config: OutboundConfig,
  draft: DeliverableDraft,
): Promise<{ provider_ref: string }> {
  const channel = draft.channel;
  if (!isOutboundChannel(channel))
    throw new DeliveryError('channel_not_live', `Channel "${channel}" has no live path`, {}, 'channel');
  const path = livePath(config, channel);
  if (!path.live) {
    if (path.reason === 'adapter_not_configured')
      throw new DeliveryError(
        'adapter_not_configured',
        `The ${channel} adapter has no settings`,
        {},
        'channel',
      );
    throw new DeliveryError(
      'channel_not_live',
      `Channel "${channel}" is not live (${path.reason})`,
      {},
      'channel',
    );
  }
  const to = draft.recipient?.trim() ?? '';
  if (!to) throw new DeliveryError('invalid_recipient', 'The draft has no recipient', {}, 'recipient');
  const text = messageText(draft);
  if (channel === 'email') return sendEmail(config.smtp, { to, subject: emailSubjectFor(draft.kind), text });
  if (channel === 'whatsapp') return sendWhatsApp(config.whatsapp, { to, body: text });
  throw new DeliveryError('channel_not_live', `Channel "${channel}" has no live adapter`, {}, 'channel');
}
