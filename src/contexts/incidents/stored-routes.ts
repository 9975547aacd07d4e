/** Stored incidents with their response-plan checklist. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../store/unit.js';

export function incidentsStoredRoutes(_deps: Deps): FastifyPluginAsyncTypebox {
  return async () => {};
}
