/**
 * One place that turns errors into HTTP answers: `{ error, message, field? }` with a stable code.
 * Validation problems name the field; domain errors keep their code; anything unexpected is a
 * 500 whose details stay in the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type ErrorKind } from '../lib/errors.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  upstream: 502,
};

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

function fieldOf(v: ValidationItem, context: string | undefined): string {
  const path = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const missing = v.params?.missingProperty ?? v.params?.additionalProperty;
  const leaf = typeof missing === 'string' ? missing : '';
  const joined = [path, leaf].filter(Boolean).join('.');
  return joined || (context ?? 'body');
}

function describe(v: ValidationItem, field: string): string {
  switch (v.keyword) {
    case 'required':
      return `${field} is required`;
    case 'maxLength':
      return `${field} is too long (at most ${String(v.params?.limit)} characters)`;
    case 'minLength':
      return `${field} is too short (at least ${String(v.params?.limit)} characters)`;
    case 'enum':
    case 'anyOf':
    case 'const':
      return `${field} has a value that is not allowed`;
    case 'type':
      return `${field} must be ${String(v.params?.type)}`;
    case 'additionalProperties':
      return `${field} is not a known field`;
    default:
      return `${field} ${v.message ?? 'is invalid'}`;
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    if (err instanceof DomainError) {
      const body: Record<string, unknown> = { error: err.code, message: err.message };
      if (err.field) body.field = err.field;
      if (err.details !== undefined) body.details = err.details;
      return reply.status(STATUS[err.kind]).send(body);
    }
    if (err.validation) {
      const first = (err.validation[0] ?? {}) as ValidationItem;
      const field = fieldOf(first, err.validationContext);
      return reply.status(400).send({ error: 'validation_failed', message: describe(first, field), field });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: 'payload_too_large', message: 'The request body is too large' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send({ error: 'unsupported_media_type', message: 'Send JSON with Content-Type: application/json' });
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply
        .status(400)
        .send({ error: 'empty_body', message: 'The request body is empty; send a JSON object' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
          ? 'invalid_json'
          : 'bad_request';
      return reply.status(err.statusCode).send({ error: code, message: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: 'internal_error', message: 'Something went wrong on our side; it has been logged' });
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });
}
