/** API keys (founder only) and "who am I". */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { actorName, authorize, ROLES } from './domain.js';
import type { AccessService } from './service.js';

export function accessRoutes(access: AccessService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['access'],
          summary: 'Create a user with an API key (founder only). The key is shown once.',
          body: Type.Object({
            role: Type.String({ minLength: 1, maxLength: 32, description: ROLES.join(', ') }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
            customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          }),
          response: {
            201: Type.Object({
              key: Type.String(),
              key_id: Type.String(),
              user_id: Type.String(),
              role: Type.String(),
              customer_id: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        authorize(p, 'api_keys.create');
        return reply.status(201).send(await access.createUserWithKey(req.body, actorName(p)));
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['access'],
          summary: 'The user behind the key',
          response: {
            200: Type.Object({
              user_id: Type.String(),
              role: Type.String(),
              customer_id: Type.Union([Type.String(), Type.Null()]),
              key_id: Type.String(),
            }),
          },
        },
      },
      async (req) => principalOf(req),
    );
  };
}
