/**
 * Builds the HTTP application: plugins first (docs, static pages), then routes. The app takes its
 * dependencies (clock, logger settings) so tests can build one per case and close it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';
import { accessRoutes } from '../contexts/access/routes.js';
import { accessService } from '../contexts/access/service.js';
import { passwordRoutes, sessionRoutes } from '../contexts/access/session-routes.js';
import { sessionService } from '../contexts/access/sessions.js';
import { connectorsCompatRoutes } from '../contexts/connectors/routes.js';
import { customersRoutes } from '../contexts/customers/routes.js';
import { customersService } from '../contexts/customers/service.js';
import { draftsRoutes } from '../contexts/drafts/routes.js';
import { freezesRoutes } from '../contexts/freezes/routes.js';
import { incidentsCompatRoutes } from '../contexts/incidents/routes.js';
import { incidentsStoredRoutes } from '../contexts/incidents/stored-routes.js';
import { ledgerRoutes } from '../contexts/ledger/routes.js';
import { notificationsRoutes } from '../contexts/notifications/routes.js';
import { onboardingCompatRoutes } from '../contexts/onboarding/routes.js';
import { outboundRoutes } from '../contexts/outbound/routes.js';
import { slaAdminRoutes } from '../contexts/sla/admin-routes.js';
import { slaReportRoutes } from '../contexts/sla/report-routes.js';
import { slaCompatRoutes } from '../contexts/sla/routes.js';
import { slaRoutes } from '../contexts/sla/stored-routes.js';
import { successCompatRoutes } from '../contexts/success/routes.js';
import { supportCompatRoutes } from '../contexts/support/routes.js';
import { ticketsRoutes } from '../contexts/tickets/routes.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { migrate, openStore, type Store } from '../store/db.js';
import { registerAuth } from './auth.js';
import { registerConsole } from './console.js';
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
  /** The store; without one an empty in-memory store is made (and closed with the app). */
  store?: Store;
  logger?: FastifyServerOptions['logger'];
}

/** Secrets never reach the logs: authorisation headers, cookies, tokens and keys are redacted. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'req.headers["x-csrf-token"]',
  '*.token',
  '*.api_key',
  '*.password',
  '*.current_password',
  '*.csrf_token',
  '*.secret',
];

export async function buildApp(opts: AppOptions = {}) {
  const clock = opts.clock ?? systemClock;
  let store = opts.store;
  const ownStore = !store;
  if (!store) {
    store = openStore({ databaseUrl: null, file: ':memory:' });
    await migrate(store);
  }
  const access = accessService({ store, clock });
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // No type coercion: "5" for a number or 5 for a text is the caller's mistake and gets a 400.
    ajv: { customOptions: { allErrors: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  // Parses cookies for every route (the session cookie of people who signed in).
  await app.register(fastifyCookie);
  // A POST with no body at all is an empty object, so actions like "resolve" need no "{}" and a
  // missing field is reported by name rather than as "body must be object".
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH')) {
      req.body = {};
    }
  });
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
        'tickets',
        'drafts',
        'notifications',
        'freezes',
        'outbound',
        'ledger',
        'access',
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

  const deps = { store, clock };
  // Sign-in for people: outside the key-protected scope (it is how a session starts).
  await app.register(sessionRoutes(deps), { prefix: '/api/v1/auth' });
  await app.register(
    async (api) => {
      registerAuth(api, access, sessionService(deps));
      await api.register(
        async (compat) => {
          await compat.register(onboardingCompatRoutes({ clock }));
          await compat.register(connectorsCompatRoutes({ clock }));
          await compat.register(supportCompatRoutes());
          await compat.register(slaCompatRoutes({ clock }));
          await compat.register(incidentsCompatRoutes());
          await compat.register(successCompatRoutes({ clock }));
        },
        { prefix: COMPAT_PREFIX.replace('/api/v1', '') },
      );
      await api.register(customersRoutes(customersService(deps)));
      await api.register(ledgerRoutes(store));
      await api.register(accessRoutes(access));
      await api.register(passwordRoutes(deps));
      await api.register(ticketsRoutes(deps));
      await api.register(incidentsStoredRoutes(deps));
      await api.register(slaRoutes(deps));
      await api.register(slaAdminRoutes(deps));
      await api.register(slaReportRoutes(deps));
      await api.register(draftsRoutes(deps));
      await api.register(notificationsRoutes(deps));
      await api.register(freezesRoutes(deps));
      await api.register(outboundRoutes(deps));
    },
    { prefix: '/api/v1' },
  );
  if (ownStore) app.addHook('onClose', async () => store.close());

  // Landing pages: plain files, no CDN, served as they are.
  await app.register(fastifyStatic, {
    root: join(ROOT, 'web', 'landing'),
    prefix: '/',
    index: false,
    wildcard: false,
  });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/companies.html'));
  await registerConsole(app);

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
