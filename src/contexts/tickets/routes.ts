/** Stored tickets with running SLA clocks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../store/unit.js';

export function ticketsRoutes(_deps: Deps): FastifyPluginAsyncTypebox {
  return async () => {};
}
