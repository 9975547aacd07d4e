/**
 * What the customer's connector for a channel allows: only `connected_approved_execute` may send;
 * `connected_draft_only` may only leave a draft in the customer's own tool; anything else, nothing.
 */
import type { ConnectorState } from '../connectors/domain.js';
import { CHANNEL_LIVE, isOutboundChannel } from './flags.js';
import { type Db, optInsRepo as repo } from './opt-ins-repository.js';

/** The channel's connector and its state for the customer; nulls when the channel has none or it was never set up. */
export async function connectorModeFor(
  db: Db,
  customer_id: string,
  channel: string,
): Promise<{ connector: string | null; state: string | null }> {
  const connector = isOutboundChannel(channel) ? CHANNEL_LIVE[channel].connector : null;
  if (connector === null) return { connector: null, state: null };
  const row = await repo.connectorState(db, customer_id, connector);
  return { connector, state: row?.state ?? null };
}

/** What a connector state lets a live send do. */
export function connectorAllows(state: string | null): 'send' | 'draft' | 'none' {
  if (state === ('connected_approved_execute' satisfies ConnectorState)) return 'send';
  if (state === ('connected_draft_only' satisfies ConnectorState)) return 'draft';
  return 'none';
}
