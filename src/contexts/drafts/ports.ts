/**
 * The send gate's view of the outside world: live flags and adapters (outbound), the customer's
 * connector, WhatsApp opt-ins and freezes — and the delivery itself.
 */
import type { DraftTable } from '../../store/schema-tickets.js';
import { activeFreezeFor } from '../freezes/service.js';
import { deliver } from '../outbound/deliver.js';
import {
  adapterConfigured,
  CHANNEL_LIVE,
  loadOutboundConfig,
  type OutboundConfig,
} from '../outbound/flags.js';
import { connectorModeFor, hasOptIn } from '../outbound/opt-ins.js';
import type { SendPorts } from './service.js';

/** `configOf` is read on every send, so a flag turned off takes effect at once. */
export function defaultPorts(configOf: () => OutboundConfig = () => loadOutboundConfig()): SendPorts {
  return {
    async facts(tx, d: DraftTable) {
      const config = configOf();
      const live = CHANNEL_LIVE[d.channel as keyof typeof CHANNEL_LIVE];
      const flag = config.flags[d.channel as keyof typeof config.flags] === true && live !== undefined;
      const [freeze, mode, optIn] = await Promise.all([
        activeFreezeFor(tx, { channel: d.channel, customer_id: d.customer_id }),
        flag && d.customer_id ? connectorModeFor(tx, d.customer_id, d.channel) : null,
        flag && d.channel === 'whatsapp' && d.customer_id && d.recipient
          ? hasOptIn(tx, d.customer_id, d.recipient)
          : null,
      ]);
      return {
        freezeId: freeze?.id ?? null,
        live: {
          flag,
          adapterConfigured:
            live !== undefined && adapterConfigured(config, d.channel as keyof typeof CHANNEL_LIVE),
          connector: live?.connector ?? null,
          connectorState: mode?.state ?? null,
          optIn: d.channel === 'whatsapp' && flag ? optIn === true : null,
        },
      };
    },
    deliver: (d) => deliver(configOf(), d),
  };
}
