/**
 * Builds the HTTP application: plugins first (docs, static pages), then routes. The app takes its
 * dependencies (clock, logger settings) so tests can build one per case and close it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';
import { connectorsCompatRoutes } from '../contexts/connectors/routes.js';
import { customersRoutes } from '../contexts/customers/routes.js';
import { customersService } from '../contexts/customers/service.js';
import { incidentsCompatRoutes } from '../contexts/incidents/routes.js';
import { ledgerRoutes } from '../contexts/ledger/routes.js';
import { onboardingCompatRoutes } from '../contexts/onboarding/routes.js';
import { slaCompatRoutes } from '../contexts/sla/routes.js';
import { successCompatRoutes } from '../contexts/success/routes.js';
import { supportCompatRoutes } from '../contexts/support/routes.js';
import { type Clock, systemClock } from '../lib/clock.js';
import type { Store } from '../store/db.js';
import { registerErrorHandling } from './errors.js';
import { ErrorBody } from './schemas.js';

export const COMPAT_PREFIX = '/api/v1/customer-ops';
const VERSION = '0.1.0';

/** Finds the project root whether running from src/ (tsx) or dist/ (built). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}
export const ROOT = projectRoot();

export interface AppOptions {
  clock?: Clock;
  /** The store; without one only the stateless endpoints, pages and docs are served. */
  store?: Store;
  logger?: FastifyServerOptions['logger'];
}

/** Secrets never reach the logs: authorisation headers, cookies, tokens and keys are redacted. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.api_key',
  '*.password',
  '*.secret',
];

export async function buildApp(opts: AppOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // No type coercion: "5" for a number or 5 for a text is the caller's mistake and gets a 400.
    ajv: { customOptions: { allErrors: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  app.addSchema(ErrorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Dealix Customer Ops API',
        version: VERSION,
        description:
          'Onboarding, connectors, support SLAs, incidents and customer success. Arabic first; every outbound message is a draft a human approves.',
      },
      tags: [
        'onboarding',
        'connectors',
        'support',
        'sla',
        'incidents',
        'success',
        'customers',
        'ledger',
        'system',
      ].map((name) => ({
        name,
      })),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), version: Type.String(), time: Type.String() }),
        },
      },
    },
    async () => ({ status: 'ok' as const, version: VERSION, time: clock.now().toISOString() }),
  );

  await app.register(
    async (api) => {
      await api.register(onboardingCompatRoutes({ clock }));
      await api.register(connectorsCompatRoutes({ clock }));
      await api.register(supportCompatRoutes());
      await api.register(slaCompatRoutes({ clock }));
      await api.register(incidentsCompatRoutes());
      await api.register(successCompatRoutes({ clock }));
    },
    { prefix: COMPAT_PREFIX },
  );

  if (opts.store) {
    const store = opts.store;
    await app.register(
      async (api) => {
        await api.register(customersRoutes(customersService({ store, clock })));
        await api.register(ledgerRoutes(store));
      },
      { prefix: '/api/v1' },
    );
  }

  // Landing pages: plain files, no CDN, served as they are.
  await app.register(fastifyStatic, {
    root: join(ROOT, 'web', 'landing'),
    prefix: '/',
    index: false,
    wildcard: false,
  });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/companies.html'));

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
