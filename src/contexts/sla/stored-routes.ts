/** SLA endpoints over the business calendar (deadlines for any start time; a ticket's clock). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../store/unit.js';

export function slaRoutes(_deps: Deps): FastifyPluginAsyncTypebox {
  return async () => {};
}
