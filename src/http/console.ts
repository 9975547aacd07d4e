/**
 * Serves the built operator console (dist/console, made by `npm run build`) under /app/. The console
 * routes with URL hashes, but any other path under /app/ that is not a file still gets index.html so a
 * bookmarked or reloaded deep link opens the console. Without a build, /app answers 503 and says how
 * to make one.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROOT } from './app.js';

export const CONSOLE_PREFIX = '/app';

const NOT_BUILT = {
  error: 'console_not_built',
  message: 'The operator console has not been built: run `npm run build` (or `npm run build:console`).',
} as const;

export async function registerConsole(app: FastifyInstance): Promise<void> {
  const root = join(ROOT, 'dist', 'console');
  const indexFile = join(root, 'index.html');
  const built = existsSync(indexFile);

  app.get(CONSOLE_PREFIX, { schema: { hide: true } }, async (_req, reply) =>
    built ? reply.redirect(`${CONSOLE_PREFIX}/`) : reply.status(503).send(NOT_BUILT),
  );

  await app.register(
    async (scope) => {
      if (!built) {
        const unavailable = async (_req: unknown, reply: FastifyReply) => reply.status(503).send(NOT_BUILT);
        scope.get('/', { schema: { hide: true }, prefixTrailingSlash: 'slash' }, unavailable);
        scope.get('/*', { schema: { hide: true } }, unavailable);
        return;
      }

      // Read on every request (it is tiny) so a rebuild shows up without a restart.
      const sendIndex = async (reply: FastifyReply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(await readFile(indexFile));

      scope.get('/', { schema: { hide: true }, prefixTrailingSlash: 'slash' }, async (_req, reply) =>
        sendIndex(reply),
      );
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        decorateReply: false,
        index: false,
        wildcard: true,
        cacheControl: false,
        setHeaders: (res, path) => {
          // Vite puts a content hash in every asset name, so those never change.
          if (path.startsWith(join(root, 'assets'))) {
            res.setHeader('cache-control', 'public, max-age=31536000, immutable');
          } else {
            res.setHeader('cache-control', 'no-cache');
          }
        },
      });
      // A missing file (it has an extension) is a 404; any other GET is a console page.
      scope.setNotFoundHandler(async (req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        if ((req.method === 'GET' || req.method === 'HEAD') && extname(path) === '') return sendIndex(reply);
        return reply.status(404).send({ error: 'not_found', message: `No route for ${req.method} ${path}` });
      });
    },
    { prefix: CONSOLE_PREFIX },
  );
}
