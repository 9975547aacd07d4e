/**
 * Domain errors carry a stable machine code, the field at fault when there is one, and the HTTP
 * status family they belong to. Services throw them; the HTTP layer maps them in one place.
 */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'forbidden'
  | 'unauthorized'
  | 'upstream';

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, field?: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

export const invalid = (code: string, message: string, field?: string, details?: unknown) =>
  new DomainError('invalid', code, message, field, details);
export const notFound = (code: string, message: string, field?: string) =>
  new DomainError('not_found', code, message, field);
export const conflict = (code: string, message: string, field?: string, details?: unknown) =>
  new DomainError('conflict', code, message, field, details);
export const forbidden = (message: string, code = 'forbidden', field?: string) =>
  new DomainError('forbidden', code, message, field);
/** A provider (mail server, messaging API) refused or failed: 502, nothing was sent. */
export const upstream = (code: string, message: string, details?: unknown) =>
  new DomainError('upstream', code, message, undefined, details);
export const unprocessable = (code: string, message: string, field?: string, details?: unknown) =>
  new DomainError('unprocessable', code, message, field, details);

/** Rounds half away from zero to `digits` decimals without the binary-float surprises of toFixed. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}
